"""Table models, one per list (STYLE 18): ``COL_*`` constants, one header tuple, rows are service dataclasses.

Big books keep only the rows fetched so far and ask the service for the next page (``canFetchMore`` /
``fetchMore``); sorting and filtering happen in SQL in the service, never in a proxy model.
"""
