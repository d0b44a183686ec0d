"""Go-language knowledge that no rule owns: syntax, types, scopes, declarations, packages."""
