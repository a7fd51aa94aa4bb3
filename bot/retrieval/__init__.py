"""Cards, their index, and hybrid retrieval. The only place (with the optional LLM module)
that imports chromadb, sentence-transformers and LangChain."""
