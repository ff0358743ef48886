["field_name", "ticket_id", "updated", "value"],
(.issues[] | .key as $key | .changelog.histories[] | .created as $at | .items[]
  | select(.field == "status" or .field == "priority")
  | [.field, $key, $at, (.toString // "")])
| @csv
