"""The resource layer: one module per group of operations. Only this layer imports the generated code."""
