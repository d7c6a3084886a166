"""Fronts for other tools, each behind an optional extra (`scrapy`: pip install 'clipper-news[scrapy]')."""
