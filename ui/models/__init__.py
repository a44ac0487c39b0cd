"""Qt item models over the store's DTOs (ids first, rows on demand)."""
