"""Readers: bytes in, decoded sources out (files, folders, WARC, JSONL, stdin)."""
