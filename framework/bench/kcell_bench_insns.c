// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_bench_insns - the benchmark pairs, compiled for a distribution
 * kernel so that framework/bench/kcell-bench can count the instructions of each
 * kcell operation and of its hand-written equivalent in the object file.
 * Not meant to be loaded.
 */
#include <linux/module.h>

#include "kcell_bench_ops.h"

MODULE_DESCRIPTION("kcell benchmark pairs, for instruction counts");
MODULE_LICENSE("GPL");
