"""Cleaning: RawDocument -> Article (page furniture removed, text repaired, metadata read)."""

from parallax.clean.document import clean_document, clean_text, hash_content

__all__ = ["clean_document", "clean_text", "hash_content"]
