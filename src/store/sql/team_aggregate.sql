-- The team report's aggregate query (src/store/reports.rs runs it; benches/PROFILE.md reads its
-- query plan). Parameters: see TEAM_AGGREGATE_SQL's documentation.
WITH
kpi AS MATERIALIZED (
    SELECT json_extract(k.value, '$[0]') AS rubric_id, json_extract(k.value, '$[1]') AS rubric_version,
           json_extract(k.value, '$[2]') AS criterion_key, json_extract(k.value, '$[3]') AS kpi
    FROM json_each(coalesce(:kpis, '[]')) k
),
ev AS (
    SELECT e.agent_id, e.rubric_id, e.overall, e.passed, e.critical_failed, e.acknowledged_at,
        e.occurred_at >= :from AS cur, r.language AS lang,
        CASE WHEN e.occurred_at >= :from THEN (
            SELECT max(c.norm < 1) FROM kpi k
            CROSS JOIN criterion_scores c ON c.evaluation_id = e.id AND c.revision = e.revision
                AND c.criterion_key = k.criterion_key
            WHERE k.rubric_id = e.rubric_id AND k.rubric_version = e.rubric_version AND k.kpi = 'resolution'
                AND c.answer != 'na' AND c.norm IS NOT NULL) END AS resolution_failed,
        CASE WHEN e.occurred_at >= :from THEN (
            SELECT max(c.norm >= 1) FROM kpi k
            CROSS JOIN criterion_scores c ON c.evaluation_id = e.id AND c.revision = e.revision
                AND c.criterion_key = k.criterion_key
            WHERE k.rubric_id = e.rubric_id AND k.rubric_version = e.rubric_version AND k.kpi = 'first_contact'
                AND c.answer != 'na' AND c.norm IS NOT NULL) END AS first_contact,
        CASE WHEN e.occurred_at >= :from THEN
            e.id IN (SELECT d.evaluation_id FROM disputes d WHERE d.status = 'open') END AS disputed
    FROM counted_evaluations e
    LEFT JOIN rubric_versions r ON r.rubric_id = e.rubric_id AND r.version = e.rubric_version
    WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :prev_from AND w.occurred_at < :to)
        AND e.agent_id IS NOT NULL
        AND (:rubric IS NULL OR e.rubric_id = :rubric)
        AND (:team IS NULL OR e.agent_id IN (SELECT a.id FROM agents a WHERE a.team = :team))
        AND (:channel IS NULL OR e.interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = :channel))
),
agg AS (
    SELECT agent_id,
        sum(cur) AS n,
        avg(CASE WHEN cur THEN overall END) AS average,
        sum(CASE WHEN cur THEN passed END) AS passed,
        sum(CASE WHEN cur THEN critical_failed END) AS critical,
        sum(CASE WHEN cur THEN acknowledged_at IS NOT NULL END) AS seen,
        sum(NOT cur) AS prev_n,
        avg(CASE WHEN NOT cur THEN overall END) AS prev_average,
        sum(resolution_failed) AS resolution_failures,
        count(resolution_failed) AS resolution_checked,
        sum(first_contact) AS first_contact_yes,
        count(first_contact) AS first_contact_answered,
        sum(disputed) AS open_disputes,
        min(lang) AS lang_min,
        max(lang) AS lang_max,
        min(rubric_id) AS rubric_min,
        max(rubric_id) AS rubric_max,
        sum(CASE WHEN cur THEN overall < 10 END) AS bin0,
        sum(CASE WHEN cur THEN overall >= 10 AND overall < 20 END) AS bin1,
        sum(CASE WHEN cur THEN overall >= 20 AND overall < 30 END) AS bin2,
        sum(CASE WHEN cur THEN overall >= 30 AND overall < 40 END) AS bin3,
        sum(CASE WHEN cur THEN overall >= 40 AND overall < 50 END) AS bin4,
        sum(CASE WHEN cur THEN overall >= 50 AND overall < 60 END) AS bin5,
        sum(CASE WHEN cur THEN overall >= 60 AND overall < 70 END) AS bin6,
        sum(CASE WHEN cur THEN overall >= 70 AND overall < 80 END) AS bin7,
        sum(CASE WHEN cur THEN overall >= 80 AND overall < 90 END) AS bin8,
        sum(CASE WHEN cur THEN overall >= 90 END) AS bin9
    FROM ev
    GROUP BY agent_id
),
sec AS (
    SELECT e.agent_id, e.rubric_id, s.section_id, avg(s.score) AS average
    FROM counted_evaluations e
    JOIN section_scores s ON s.evaluation_id = e.id AND s.revision = e.revision
    WHERE e.id IN (SELECT w.id FROM evaluations w WHERE w.occurred_at >= :from AND w.occurred_at < :to)
        AND e.agent_id IS NOT NULL
        AND (:rubric IS NULL OR e.rubric_id = :rubric)
        AND (:team IS NULL OR e.agent_id IN (SELECT a.id FROM agents a WHERE a.team = :team))
        AND (:channel IS NULL OR e.interaction_id IN (SELECT i.id FROM interactions i WHERE i.channel = :channel))
        AND s.score IS NOT NULL
    GROUP BY e.agent_id, e.rubric_id, s.section_id
),
weakest AS (
    SELECT agent_id, rubric_id, section_id, average FROM (
        SELECT sec.*, row_number() OVER (PARTITION BY agent_id ORDER BY average, rubric_id, section_id) AS pos
        FROM sec)
    WHERE pos = 1
),
contacts AS (
    SELECT i.agent_id, count(*) AS contacts, total(i.duration_s) AS duration_sum, count(i.duration_s) AS duration_n
    FROM interactions i
    WHERE i.occurred_at >= :from AND i.occurred_at < :to AND i.withdrawn_at IS NULL AND i.origin IS NULL
        AND (:team IS NULL OR i.agent_id IN (SELECT a.id FROM agents a WHERE a.team = :team))
        AND (:channel IS NULL OR i.channel = :channel)
    GROUP BY i.agent_id
),
plans AS (
    SELECT p.agent_id, count(*) AS plans, count(p.acknowledged_at) AS plans_acknowledged
    FROM coaching_plans p
    WHERE p.period_from < :to AND p.period_to >= substr(:from, 1, 10)
        AND (:rubric IS NULL OR p.rubric_id = :rubric)
    GROUP BY p.agent_id
)
SELECT a.id, a.name, a.team,
    coalesce(g.n, 0), g.average, coalesce(g.passed, 0), coalesce(g.critical, 0), coalesce(g.seen, 0),
    coalesce(g.prev_n, 0), g.prev_average,
    coalesce(g.resolution_failures, 0), coalesce(g.resolution_checked, 0),
    coalesce(g.first_contact_yes, 0), coalesce(g.first_contact_answered, 0),
    coalesce(g.open_disputes, 0), g.lang_min, g.lang_max,
    coalesce(c.contacts, 0), c.duration_sum, coalesce(c.duration_n, 0),
    w.rubric_id, w.section_id, w.average,
    coalesce(p.plans, 0), coalesce(p.plans_acknowledged, 0),
    coalesce(g.bin0, 0), coalesce(g.bin1, 0), coalesce(g.bin2, 0), coalesce(g.bin3, 0), coalesce(g.bin4, 0),
    coalesce(g.bin5, 0), coalesce(g.bin6, 0), coalesce(g.bin7, 0), coalesce(g.bin8, 0), coalesce(g.bin9, 0),
    g.rubric_min, g.rubric_max
FROM agents a
LEFT JOIN agg g ON g.agent_id = a.id
LEFT JOIN weakest w ON w.agent_id = a.id
LEFT JOIN contacts c ON c.agent_id = a.id
LEFT JOIN plans p ON p.agent_id = a.id
WHERE (:team IS NULL OR a.team = :team) AND (g.agent_id IS NOT NULL OR :team IS NOT NULL)
ORDER BY g.average IS NULL, g.average DESC, a.name, a.id
