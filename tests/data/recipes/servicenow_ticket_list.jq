["id", "created_at", "priority"],
(.result[] | [.number, .opened_at, .priority])
| @csv
