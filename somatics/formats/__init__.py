"""
Date and number formats where the site's differ from Django's (FORMAT_MODULE_PATH): English
pages keep the day-month-year dates they always had; French and Spanish use Django's own.
"""
