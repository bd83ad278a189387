#!/usr/bin/perl
# Scores each message file given as an argument with Mail::SpamAssassin (Debian's spamassassin), local
# tests only, as `spamassassin -L -t` does, in one process (spamassassin -t takes about a second a message).
# Prints `score<TAB>rules hit<TAB>file` per message.
use strict; use warnings; use Mail::SpamAssassin;
my $sa = Mail::SpamAssassin->new({ local_tests_only => 1, dont_copy_prefs => 1, userprefs_filename => '/dev/null' });
for my $file (@ARGV) {
    open(my $fh, '<', $file) or die "$file: $!"; local $/; my $text = <$fh>; close $fh;
    my $msg = $sa->parse($text); my $status = $sa->check($msg);
    printf "%.1f\t%s\t%s\n", $status->get_score(), $status->get_names_of_tests_hit(), $file;
    $status->finish(); $msg->finish();
}
