"""Drawing, fed by the pipeline's results and never by its state: event snapshots with their captions, the
evidence strip's tiles, board thumbnails, text in any script."""
