"""The diary's entries: log and edit (journal), read and list (history, today, timeline), the
person's profile, the cabinet of supplements and medicines, and drinks against the goal."""
