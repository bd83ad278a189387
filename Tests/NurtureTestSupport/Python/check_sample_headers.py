"""Checks the sample campaign's preview messages with Python's own email parser: List-ID and Feedback-ID,
the text part's "-- " signature delimiter, no runs of blank lines, the company named at most three times.

usage: check_sample_headers.py FILE.eml ...   prints one line per problem, nothing when all is well
"""
import email
import sys
from email import policy
for path in sys.argv[1:]:
    message = email.message_from_binary_file(open(path, 'rb'), policy=policy.default)
    step = message['X-Nurture-Step']
    problems = []
    if message['List-ID'] != 'lead-nurture <lead-nurture.northwind-analytics.example>':
        problems.append('List-ID %r' % message['List-ID'])
    if message['Feedback-ID'] != 'lead-nurture:%s:northwind' % step:
        problems.append('Feedback-ID %r' % message['Feedback-ID'])
    text = message.get_body(('plain',)).get_content()
    if '\n-- \n' not in text:
        problems.append('no "-- " signature delimiter')
    if '\n\n\n' in text:
        problems.append('a stray blank line')
    if text.count('Northwind Analytics') > 3:
        problems.append('the company name %d times' % text.count('Northwind Analytics'))
    for problem in problems:
        print('%s: %s' % (path, problem))
