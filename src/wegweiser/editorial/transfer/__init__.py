"""Import and export of offers in the template of ``shared/spec/offers.md`` (CSV or XLSX).

``services.import_offers`` reads a file (``reading``), checks every row against the database
(``validation``) and writes the whole file in one transaction or nothing (``writing``);
``export`` writes the same template. Commands and the staff upload page call these functions.
See ``docs/import-export.md``.
"""
