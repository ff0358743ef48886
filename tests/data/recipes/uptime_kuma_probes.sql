-- Uptime Kuma's heartbeats of one monitor as livret's probes: timestamp,status,response_ms.
-- time is UTC ('2026-10-14 08:05:08.985'): written as RFC 3339 with a Z.
-- status 1 UP: up; 0 DOWN and 2 PENDING (a failed check being retried): down;
-- 3 MAINTENANCE (not checked) is left out: that time is unknown, never available.
SELECT replace(h.time, ' ', 'T') || 'Z'                AS timestamp,
       CASE h.status WHEN 1 THEN 'up' ELSE 'down' END AS status,
       h.ping                                         AS response_ms
FROM heartbeat h
JOIN monitor m ON m.id = h.monitor_id
WHERE m.name = 'HR Sprint (production)'
  AND h.status IN (0, 1, 2)
  AND h.time >= '2026-09-30 21:00' AND h.time < '2026-11-01 00:00'
ORDER BY h.time;
