/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the acme RNG keeps between reads: labelled members, whose type the
 * rule learns from this header (included with quotes).
 */
#ifndef ACME_RNG_STATE_H
#define ACME_RNG_STATE_H

#include <kcell/secret.h>

struct acme_rng_state {
	secret_u8 last;
	secret_u32 word;
	unsigned int reads;
};

#endif
