"""The landscape model: typed entities, YAML loading with located errors, dated views."""
