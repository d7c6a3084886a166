"""The vocabulary the detectors share: month names and date words, outlets and agencies, role
words, stop words. Data only (and regex fragments built from it): every detector that needs a
month or an outlet takes it from here rather than spelling its own.

- `months.py`: month names and abbreviations per language, time-zone abbreviations.
- `counts.py`: a count and its noun in agreement in messages (`1 error`, `2 errors`).
- `en.py`: English fragments used inside patterns (month names as written in dates).
- `outlets.py`: news outlets, wire agencies, organisation and role words of bylines.
- `punctuation.py`: where a sentence ends (full stops per script, clause stops, closers).
- `words.py`: function words per language, and the word categories the line model counts.

Boilerplate phrases of the line rules stay with the rules (`clipper/rules/data/words.py`).
"""
