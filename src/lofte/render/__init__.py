"""Rendering: turn results into text or rich renderables. Never prints."""
