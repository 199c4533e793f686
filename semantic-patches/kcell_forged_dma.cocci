// SPDX-License-Identifier: GPL-2.0
/// Find device addresses that did not come from a lease or a region.  A
/// kcell_dma_t is made only by dma_lease_grant(), dma_lease_map_grant()
/// and dma_region_addr(), and a descriptor's address field
/// (kcell_dma_le64_t, kcell_dma_le32_t) only takes kcell_dma_to_desc() or
/// kcell_dma_to_desc32() of one: that is how the device is only ever told
/// an address the CPU has handed over.  sparse enforces it, except where
/// the driver tells it not to look or writes the descriptor as bytes.
/// Reported:
///  - a cast to kcell_dma_t, kcell_dma_le64_t or kcell_dma_le32_t (with
///    __force, the one sparse accepts) outside include/kcell: a forged
///    address;
///  - dma_region_write(r, off, v) whose value holds a dma_addr_t (a raw
///    bus address, __kcell_dma_raw() included): the write puts an address
///    in a descriptor around the lease that tracks who owns it;
///  - dma_region_write(r, off, v) of a raw 64-bit value (cpu_to_le64(),
///    a cast to u64, __le64 or dma_addr_t; zero, a cleared field, is
///    not one) at the offset of a
///    kcell_dma_le64_t field: offsetof(struct desc, addr), or the start of
///    an element, i * sizeof(struct desc), when that field comes first;
///  - any dma_region_write() into a region that the file also writes or
///    reads field by field, or allocates with dma_region_alloc_array(): a
///    region of typed elements has no untyped write (debug mode refuses
///    it at run time).
/// Write the address with dma_region_write_field(r, i, struct desc, addr,
/// kcell_dma_to_desc(bus)).
//# The descriptor structure must be defined in the file checked (spatch
//# runs with --no-includes); an offset written as a number (i * 16 + 8) is
//# not tied to a field, so a raw 64-bit value written there is reported
//# only when it holds a dma_addr_t.  A region is recognised by the name of
//# the member that holds it (&ch->ring), in the file checked.
///
// Confidence: High
// Copyright: (C) 2025 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@initialize:python@
@@

# Structures of the file with a kcell_dma_le64_t field: name -> the
# fields, and the ones whose first field it is.
kc_addr_fields = {}
kc_addr_first = set()
# Members holding a region of typed elements.
kc_typed_regions = set()
kc_file = None

# One Python runs the rules over every file: the structures known
# are the current file's only.
def kc_new_file(p):
	global kc_file
	if p[0].file != kc_file:
		kc_file = p[0].file
		kc_addr_fields.clear()
		kc_addr_first.clear()
		kc_typed_regions.clear()

def kc_say(org, p, msg):
	if org:
		cocci.print_main(msg, p)
	else:
		coccilib.report.print_report(p[0], "ERROR: " + msg)

// ---------------------------------------------------------------------
// Casts that make a device address out of anything
// ---------------------------------------------------------------------

@cast@
typedef kcell_dma_t, kcell_dma_le64_t, kcell_dma_le32_t;
expression E;
position p;
@@

\((kcell_dma_t)E@p\|(kcell_dma_le64_t)E@p\|(kcell_dma_le32_t)E@p\)

@depends on context@
expression cast.E;
position cast.p;
@@

* E@p

@script:python depends on org@
p << cast.p;
@@

kc_say(True, p, "a device address forged by a cast; take it from dma_lease_grant(), dma_lease_map_grant() or dma_region_addr(), and kcell_dma_to_desc() for a descriptor")

@script:python depends on report@
p << cast.p;
@@

kc_say(False, p, "a device address forged by a cast; take it from dma_lease_grant(), dma_lease_map_grant() or dma_region_addr(), and kcell_dma_to_desc() for a descriptor")

// ---------------------------------------------------------------------
// A raw bus address written into a region
// ---------------------------------------------------------------------

@rawv@
dma_addr_t A;
expression r, off;
position p;
@@

dma_region_write@p(r, off, <+... \(A\|__kcell_dma_raw(...)\) ...+>)

@depends on context@
position rawv.p;
@@

* dma_region_write@p(...)

@script:python depends on org@
p << rawv.p;
@@

kc_say(True, p, "a raw bus address written into a DMA region with dma_region_write(); write kcell_dma_to_desc() of the lease's address to the descriptor's kcell_dma_le64_t field with dma_region_write_field()")

@script:python depends on report@
p << rawv.p;
@@

kc_say(False, p, "a raw bus address written into a DMA region with dma_region_write(); write kcell_dma_to_desc() of the lease's address to the descriptor's kcell_dma_le64_t field with dma_region_write_field()")

// ---------------------------------------------------------------------
// A raw 64-bit value at the offset of a descriptor's address field
// ---------------------------------------------------------------------

@a_function@
identifier fn;
position p;
@@

fn@p(...)
{
...
}

@script:python@
p << a_function.p;
@@

kc_new_file(p)

@fields@
identifier S, f;
position p;
@@

struct S {
  ...
  kcell_dma_le64_t f@p;
  ...
};

@script:python@
S << fields.S;
f << fields.f;
p << fields.p;
@@

kc_new_file(p)
kc_addr_fields.setdefault(str(S), set()).add(str(f))

@first@
identifier S, f;
position p;
@@

struct S {
  kcell_dma_le64_t f@p;
  ...
};

@script:python@
S << first.S;
p << first.p;
@@

kc_new_file(p)
kc_addr_first.add(str(S))

@at_field@
typedef u64, __le64;
identifier S : script:python () { str(S) in kc_addr_fields };
identifier f;
expression r;
expression V : script:python () { str(V).strip() != "0" };
position p != rawv.p;
@@

dma_region_write@p(r, <+... offsetof(struct S, f) ...+>,
		   \(cpu_to_le64(V)\|(u64)V\|(__le64)V\|(dma_addr_t)V\))

@script:python at_addr_field@
S << at_field.S;
f << at_field.f;
@@

if str(f) not in kc_addr_fields[str(S)]:
	cocci.include_match(False)

@at_first@
identifier S : script:python () { str(S) in kc_addr_first };
expression r, E;
expression V : script:python () { str(V).strip() != "0" };
position p != rawv.p;
@@

dma_region_write@p(r, \(E * sizeof(struct S)\|sizeof(struct S) * E\|(E) * sizeof(struct S)\),
		   \(cpu_to_le64(V)\|(u64)V\|(__le64)V\|(dma_addr_t)V\))

@depends on context && (at_addr_field || at_first)@
position p = {at_field.p, at_first.p};
@@

* dma_region_write@p(...)

@script:python depends on org && at_addr_field@
p << at_field.p;
S << at_field.S;
f << at_field.f;
@@

kc_say(True, p, "a raw 64-bit value written over %s.%s, a kcell_dma_le64_t, with byte-offset dma_region_write(); use dma_region_write_field() with kcell_dma_to_desc()" % (S, f))


@script:python depends on report && at_addr_field@
p << at_field.p;
S << at_field.S;
f << at_field.f;
@@

kc_say(False, p, "a raw 64-bit value written over %s.%s, a kcell_dma_le64_t, with byte-offset dma_region_write(); use dma_region_write_field() with kcell_dma_to_desc()" % (S, f))


@script:python depends on org@
p << at_first.p;
S << at_first.S;
@@

kc_say(True, p, "a raw 64-bit value written at the start of a struct %s, whose first field is a kcell_dma_le64_t, with byte-offset dma_region_write(); use dma_region_write_field() with kcell_dma_to_desc()" % S)

@script:python depends on report@
p << at_first.p;
S << at_first.S;
@@

kc_say(False, p, "a raw 64-bit value written at the start of a struct %s, whose first field is a kcell_dma_le64_t, with byte-offset dma_region_write(); use dma_region_write_field() with kcell_dma_to_desc()" % S)

// ---------------------------------------------------------------------
// An untyped write into a region of typed elements
// ---------------------------------------------------------------------

@typed@
identifier f;
expression E;
position p;
@@

(
dma_region_write_field@p(&E->f, ...)
|
dma_region_write_field@p(&E.f, ...)
|
dma_region_read_field@p(&E->f, ...)
|
dma_region_read_field@p(&E.f, ...)
|
dma_region_alloc_array@p(&E->f, ...)
|
dma_region_alloc_array@p(&E.f, ...)
)

@script:python@
f << typed.f;
p << typed.p;
@@

kc_new_file(p)
kc_typed_regions.add(str(f))

@untyped@
identifier f : script:python () { str(f) in kc_typed_regions };
expression E;
position p;
@@

(
dma_region_write@p(&E->f, ...)
|
dma_region_write@p(&E.f, ...)
)

@depends on context@
position untyped.p;
@@

* dma_region_write@p(...)

@script:python depends on org@
p << untyped.p;
f << untyped.f;
@@

kc_say(True, p, "untyped dma_region_write() into '%s', a region of typed elements (written field by field, or of dma_region_alloc_array()); use dma_region_write_field()" % f)

@script:python depends on report@
p << untyped.p;
f << untyped.f;
@@

kc_say(False, p, "untyped dma_region_write() into '%s', a region of typed elements (written field by field, or of dma_region_alloc_array()); use dma_region_write_field()" % f)
