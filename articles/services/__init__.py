"""Multi-step writes on stories: the workflow and the trash (`workflow`), revisions and restores (`revisions`)."""
