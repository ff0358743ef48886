($incidents[0].result | map({(.sys_id): .number}) | add) as $number
| ["field_name", "ticket_id", "updated", "value"],
  (.result[] | select(.tablename == "incident" and (.fieldname == "state" or .fieldname == "priority"))
   | [(if .fieldname == "state" then "status" else "priority" end), $number[.documentkey], .sys_created_on, .newvalue])
| @csv
