/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kcell - ownership cells for Linux drivers
 *
 * The Tock kernel shares mutable state between components through small
 * container types instead of aliased pointers: a TakeCell holds a reference
 * that one party at a time may hold, a MapCell lends its contents in place
 * for the length of a call, and a DMA buffer belongs either to the CPU or to
 * the device.  kcell brings those rules to C drivers.  Unlike Tock's cells,
 * every kcell operation is safe against interrupts and other CPUs.
 *
 * This header is the umbrella and includes every cell; a driver may
 * include only the cells it uses instead.  Each compiles alone, on top of
 * base.h (annotations and the debug mode) and kernel headers; dma_region.h
 * also includes dma_lease.h for the bus address types, dma_ring.h
 * both of them, and domain.h revocable.h, which a domain is made of.
 *
 * The headers are self-contained: copy include/kcell/ into a driver and add
 * its parent to the include path.
 */
#ifndef _KCELL_KCELL_H
#define _KCELL_KCELL_H

#include "take_cell.h"
#include "map_cell.h"
#include "optional_cell.h"
#include "dma_lease.h"
#include "dma_region.h"
#include "dma_ring.h"
#include "dma_sg_lease.h"
#include "revocable.h"
#include "domain.h"
#include "secret.h"
#include "reports.h"

#endif /* _KCELL_KCELL_H */
