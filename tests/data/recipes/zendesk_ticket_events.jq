["field_name", "ticket_id", "updated", "value"],
(.ticket_events[] | . as $e | .child_events[]
  | (select(has("status")) | ["status", $e.ticket_id, $e.timestamp, .status]),
    (select(has("priority")) | ["priority", $e.ticket_id, $e.timestamp, (.priority // "")]))
| @csv
