"""Writers: Clipping in, bytes out (JSONL, WARC 1.1), files written atomically."""
