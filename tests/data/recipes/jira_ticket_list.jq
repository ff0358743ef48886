["id", "created_at", "priority"],
(.issues[] | [.key, .fields.created, (.fields.priority.name // "")])
| @csv
