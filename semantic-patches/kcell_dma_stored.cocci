// SPDX-License-Identifier: GPL-2.0
/// Find bus addresses kept in a structure.  A kcell_dma_t is a lease's or a
/// region's address at the moment it was asked for: a lease's means
/// something from its grant to its reclaim, and nothing once the lease is
/// unmapped, when the same memory may be mapped again elsewhere.  Kept in
/// a structure, it outlives that: a later write of it into a descriptor
/// or a register sends the device to memory nobody mapped for it (silent
/// corruption without an IOMMU, a fault with one).  Keep the lease in the
/// structure, and take the address from dma_lease_grant() or
/// dma_region_addr() where it is written to the device; a descriptor in
/// coherent memory holds it as a kcell_dma_le64_t field, written with
/// dma_region_write_field() while the lease is granted.
//# A kcell_dma_t member (or array of them) of a structure or union, or of
//# an anonymous union inside a structure, is reported where it is
//# declared; local variables and parameters are not.
///
// Confidence: High
// Copyright: (C) 2026 The kcell authors.
// Comments: use with --macro-file semantic-patches/kcell.macros
// Options: --no-includes --include-headers

virtual context
virtual org
virtual report

@stored@
typedef kcell_dma_t;
identifier S, f;
position p;
@@

(
struct S {
  ...
(
  kcell_dma_t f@p;
|
  kcell_dma_t f@p[...];
)
  ...
};
|
union S {
  ...
(
  kcell_dma_t f@p;
|
  kcell_dma_t f@p[...];
)
  ...
};
)

@anon@
identifier S, f;
position p;
@@

struct S {
  ...
  union {
    ...
    kcell_dma_t f@p;
    ...
  };
  ...
};

@depends on context@
identifier S, f;
@@

struct S {
  ...
(
* kcell_dma_t f;
|
* kcell_dma_t f[...];
)
  ...
};

@script:python depends on org@
f << stored.f;
p << stored.p;
@@

cocci.print_main("kcell_dma_t member '%s' keeps a bus address past its lease; keep the lease and take the address where it is given to the device" % f, p)

@script:python depends on org@
f << anon.f;
p << anon.p;
@@

cocci.print_main("kcell_dma_t member '%s' keeps a bus address past its lease; keep the lease and take the address where it is given to the device" % f, p)

@script:python depends on report@
f << stored.f;
p << stored.p;
@@

coccilib.report.print_report(p[0], "ERROR: kcell_dma_t member '%s' keeps a bus address past its lease; keep the lease and take the address where it is given to the device" % f)

@script:python depends on report@
f << anon.f;
p << anon.p;
@@

coccilib.report.print_report(p[0], "ERROR: kcell_dma_t member '%s' keeps a bus address past its lease; keep the lease and take the address where it is given to the device" % f)
