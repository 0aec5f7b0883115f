-- pgvector powers document search (embeddings with an HNSW index); created before any table uses it.
CREATE EXTENSION IF NOT EXISTS vector;
