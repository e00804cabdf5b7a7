"""Plan files → domain: reading YAML and CSV with line numbers, validation rules, JSON Schema."""
