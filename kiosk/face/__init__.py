"""Face verification core (no Qt): guidance, quality gates, liveness challenge, 1:1 decision,
ID-photo checks. Nothing here writes images, encodings or scores to disk or logs."""
