"""One recipe per computable definition; `registry.RECIPES` lists them by name."""
