"""vmdoctor: answers "why won't my VM start?" from a cited knowledge base, offline."""

__version__ = "0.1.0"
