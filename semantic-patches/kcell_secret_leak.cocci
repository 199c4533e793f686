// SPDX-License-Identifier: GPL-2.0
/// Find labelled secrets (include/kcell/secret.h) that leak around
/// sparse's back.  Sparse keeps labelled memory and values apart from
/// plain ones in assignments and prototyped calls, but it does not look at
/// the variadic arguments of printk() and its kin, and a branch on a
/// labelled value leaks it through which way the code went (its timing,
/// what it writes, what it logs).  Reported: a labelled value or pointer
/// given to a function that prints, logs or traces, and a labelled value
/// read in the condition of an if, while, for, switch or ?:.  Decide on secrets
/// with the bitwise operators, in constant time; where a decision must
/// branch, declassify the one bit it branches on (declassify_u8() and
/// kin), which census counts and a reviewer sees.
//# Labelled: an expression of type secret_u8, secret_u32, secret_u64 or
//# secret_byte * (a local, a parameter, a structure member), and a call
//# of secret_bytes(), secret_load_*(), secret_add/sub/mul/shl/shr(),
//# secret_label_*() or secret_alloc().  Anything inside a declassify_*()
//# call is plain.  A member's type is known if its structure is declared
//# in the file or in a header the file includes with quotes (the rule
//# reads those: --local-includes); not seen: a member of a structure from
//# a <...> header, the condition of a do-while (Coccinelle 1.1 matches no
//# do-while), && and || outside the condition of an if, while or for, and
//# a labelled value copied into a plain one through a __force cast (census
//# counts those).
///
// Confidence: Moderate
// Copyright: (C) 2026 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --local-includes --include-headers

virtual context
virtual org
virtual report

// What a declassify_*() call is given is plain from there on.
@plain_id@
typedef secret_u8, secret_u32, secret_u64, secret_byte;
{secret_u8, secret_u32, secret_u64, secret_byte *} x;
identifier d =~ "^declassify_";
position q;
@@

d(..., <+... x@q ...+>, ...)

@plain_call@
identifier d =~ "^declassify_";
identifier s =~ "^secret_(bytes|load_u8|load_u32|add|sub|mul|shl|shr|label_u8|label_u32|label_u64|alloc)$";
position q;
@@

d(..., <+... s@q(...) ...+>, ...)

@branch@
{secret_u8, secret_u32, secret_u64, secret_byte *} x;
identifier s =~ "^secret_(bytes|load_u8|load_u32|add|sub|mul|shl|shr|label_u8|label_u32|label_u64|alloc)$";
statement S1, S2;
expression C;
position p != {plain_id.q, plain_call.q};
@@

(
if (<+... \(x@p\|s@p(...)\) ...+>) S1 else S2
|
if (<+... \(x@p\|s@p(...)\) ...+>) S1
|
while (<+... \(x@p\|s@p(...)\) ...+>) S1
|
for (...; <+... \(x@p\|s@p(...)\) ...+>; ...) S1
|
switch (<+... \(x@p\|s@p(...)\) ...+>) { case C: ... }
|
switch (<+... \(x@p\|s@p(...)\) ...+>) { default: ... }
)

@choice@
{secret_u8, secret_u32, secret_u64, secret_byte *} x;
identifier s =~ "^secret_(bytes|load_u8|load_u32|add|sub|mul|shl|shr|label_u8|label_u32|label_u64|alloc)$";
expression E1, E2;
position p != {plain_id.q, plain_call.q};
@@

 ( <+... \(x@p\|s@p(...)\) ...+> ) ? E1 : E2

@printed@
{secret_u8, secret_u32, secret_u64, secret_byte *} x;
identifier s =~ "^secret_(bytes|load_u8|load_u32|add|sub|mul|shl|shr|label_u8|label_u32|label_u64|alloc)$";
identifier f =~ "^(printk|_printk|pr_[a-z_]+|dev_(emerg|alert|crit|err|warn|notice|info|dbg)(_once|_ratelimited)?|dev_printk|netdev_(emerg|alert|crit|err|warn|notice|info|dbg)|netdev_printk|netif_(emerg|alert|crit|err|warn|notice|info|dbg)|trace_[a-z0-9_]+|seq_printf|seq_puts|seq_write|sprintf|snprintf|scnprintf|vsnprintf|kasprintf|WARN|WARN_ONCE|WARN_ON|WARN_ON_ONCE|print_hex_dump|print_hex_dump_bytes|print_hex_dump_debug)$";
position p != {plain_id.q, plain_call.q};
@@

f(..., <+... \(x@p\|s@p(...)\) ...+>, ...)

@depends on context@
expression E;
position branch.p;
@@

* E@p

@depends on context@
expression E;
position choice.p;
@@

* E@p

@depends on context@
expression E;
position printed.p;
@@

* E@p

@script:python depends on org@
p << branch.p;
@@

cocci.print_main("branch on a labelled value: decide with bitwise operators, or declassify the bit", p)

@script:python depends on org@
p << choice.p;
@@

cocci.print_main("?: on a labelled value: decide with bitwise operators, or declassify the bit", p)

@script:python depends on org@
p << printed.p;
f << printed.f;
@@

cocci.print_main("labelled value or memory given to %s(): printed, logged or traced" % f, p)

@script:python depends on report@
p << branch.p;
@@

coccilib.report.print_report(p[0], "ERROR: branch on a labelled value: decide with bitwise operators, or declassify the bit")

@script:python depends on report@
p << choice.p;
@@

coccilib.report.print_report(p[0], "ERROR: ?: on a labelled value: decide with bitwise operators, or declassify the bit")

@script:python depends on report@
p << printed.p;
f << printed.f;
@@

coccilib.report.print_report(p[0], "ERROR: labelled value or memory given to %s(): printed, logged or traced" % f)
