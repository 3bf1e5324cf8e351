"""Use cases. Each takes a ServiceContext (who, which store, what day) and enforces the workflow.

Every function either completes and commits, or raises a ServiceError with a Korean message and
leaves the database unchanged.
"""
