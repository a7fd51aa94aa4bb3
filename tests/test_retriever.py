"""The hybrid retriever plugs into LangChain chains (the seam for an optional LLM)."""

from __future__ import annotations

from typing import Any

from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableLambda, RunnablePassthrough

from bot.retrieval.retriever import CardRetriever


def test_retriever_returns_cards_best_first_in_the_question_language(pipeline: Any) -> None:
    retriever = CardRetriever(searcher=pipeline.searcher, k=3)
    docs = retriever.invoke(
        "VT-x is disabled in the BIOS for all CPU modes (VERR_VMX_MSR_ALL_VMX_DISABLED)"
    )
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["card"] == "virtualbox-vtx-disabled-in-bios"
    assert docs[0].metadata["cause"] == "firmware-virt-disabled"
    assert docs[0].metadata["sources"]
    ja = retriever.invoke(
        "仮想マシンが開始されなかったのは、ネストされた仮想化がサポートされていないためです"
    )
    assert ja[0].metadata["lang"] == "ja" and "ExposeVirtualizationExtensions" in ja[0].page_content


def test_retriever_runs_inside_a_chain(pipeline: Any) -> None:
    retriever = CardRetriever(searcher=pipeline.searcher, k=2)
    prompt = ChatPromptTemplate.from_messages(
        [("system", "Answer from these cards only:\n{context}"), ("human", "{question}")]
    )
    seen: list[str] = []

    def context(docs: list[Document]) -> str:
        text = "\n\n".join(d.page_content for d in docs)
        seen.append(text)
        return text

    chain = (
        {"context": retriever | RunnableLambda(context), "question": RunnablePassthrough()}
        | prompt
        | FakeListChatModel(responses=["Expose the virtualization extensions."])
        | StrOutputParser()
    )
    out = chain.invoke(
        "The virtual machine could not be started because nested virtualization is not supported"
    )
    assert out == "Expose the virtualization extensions."
    assert "Set-VMProcessor" in seen[0]
