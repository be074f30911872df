"""Bringing a new article in: fetch or read it, extract its text and metadata, catch duplicates,
find the people, places and dates it names, and turn a sentence into a cited draft fact.

Plain functions the admin screens call; nothing here publishes anything.
"""
