// SPDX-License-Identifier: GPL-2.0
/*
 * kcell_rng system-call layer: /dev/kcell_rng and the hw_random core.
 *
 * Deliveries from the SimpleRng land in a pool (a ring of labelled bytes)
 * in the source's completion interrupt; readers take bytes from the pool
 * and, when it runs low, ask the SimpleRng for more.  The client keeps the
 * request in flight (answers KCELL_RNG_MORE) until the pool is full again,
 * so a steady reader rarely waits for a round trip to the device.
 *
 * The bytes are labelled secret (include/kcell/secret.h) from the device's
 * buffer through the pool to a reader's bounce buffer; chr_read_iter()'s
 * declassify_to_iter() is the one place they leave the label, for both
 * /dev/kcell_rng and the hw_random core.
 *
 * Who touches what:
 *   @pool_lock (spinlock, taken in the completion interrupt) protects the
 *	pool and @deliveries.
 *   @live (a revocable cell) says the source is there: every call into
 *	the SimpleRng and the source is a borrow of it.  Once
 *	kcell_rng_chr_remove() has revoked it and waited, no reader reaches
 *	the source again, which may then be freed, and every later read
 *	fails with -ENODEV.  Concurrent requests need no lock: the SimpleRng
 *	hands its one request to one caller (the others get -EBUSY).
 * Lifetime: @ref is held by the driver (until kcell_rng_chr_put()) and by
 * every open file, so a reader blocked at removal wakes to -ENODEV in a
 * structure that still exists.
 */
#include <linux/fs.h>
#include <linux/hw_random.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uio.h>
#include <linux/wait.h>

#include <kcell/revocable.h>
#include <kcell/secret.h>

#include "kcell_rng.h"

#define KCELL_RNG_POOL		4096	/* bytes; a power of two */
#define KCELL_RNG_POOL_LOW	(KCELL_RNG_POOL / 4)
#define KCELL_RNG_CHUNK		256	/* bytes copied to a reader at a time */

/*
 * A ring of labelled bytes.  @in and @out run freely, as a kfifo's do:
 * @in - @out bytes are held, the oldest at @out modulo the size.  Not a
 * kfifo: its buffer is plain memory, so kfifo_out() into any plain buffer
 * would pass sparse, where this one's storage is labelled.
 */
struct kcell_rng_pool {
	DECLARE_SECRET_BYTES(bytes, KCELL_RNG_POOL);
	unsigned int in;
	unsigned int out;
};

struct kcell_rng_chr {
	struct kcell_rng_client as_client;
	struct kcell_rng_simple simple;
	spinlock_t pool_lock;		/* @pool, @deliveries */
	struct kcell_rng_pool pool;
	unsigned long deliveries;	/* under @pool_lock: bytes or errors */
	struct kcell_revocable live;	/* the source is there */
	wait_queue_head_t wait;
	struct kref ref;
	struct miscdevice misc;
	struct hwrng hwrng;
	bool misc_registered;
	bool hwrng_registered;
	char misc_name[16];
	char hwrng_name[24];
};

static unsigned int pool_len(const struct kcell_rng_pool *p)
{
	return p->in - p->out;
}

static unsigned int pool_avail(const struct kcell_rng_pool *p)
{
	return KCELL_RNG_POOL - pool_len(p);
}

/* Copies up to @len bytes in, as many as fit.  Return: how many did. */
static unsigned int pool_in(struct kcell_rng_pool *p, const secret_byte *src,
			    unsigned int len)
{
	unsigned int at = p->in & (KCELL_RNG_POOL - 1), first;

	len = min(len, pool_avail(p));
	first = min(len, KCELL_RNG_POOL - at);
	secret_copy(secret_bytes(&p->bytes) + at, src, first);
	secret_copy(secret_bytes(&p->bytes), src + first, len - first);
	p->in += len;
	return len;
}

/* Moves up to @len of the oldest bytes out.  Return: how many. */
static unsigned int pool_out(struct kcell_rng_pool *p, secret_byte *dst,
			     unsigned int len)
{
	unsigned int at = p->out & (KCELL_RNG_POOL - 1), first;

	len = min(len, pool_len(p));
	first = min(len, KCELL_RNG_POOL - at);
	secret_copy(dst, secret_bytes(&p->bytes) + at, first);
	secret_copy(dst + first, secret_bytes(&p->bytes), len - first);
	p->out += len;
	return len;
}

/* The SimpleRng's client: the completion interrupt fills the pool. */
static enum kcell_rng_continue
chr_randomness_available(struct kcell_rng_client *client,
			 const secret_byte *data, size_t len, int err)
{
	struct kcell_rng_chr *chr =
		container_of(client, struct kcell_rng_chr, as_client);
	enum kcell_rng_continue more = KCELL_RNG_DONE;
	unsigned long flags;

	spin_lock_irqsave(&chr->pool_lock, flags);
	/* A delivery racing removal may still fill the pool: no one reads it. */
	if (!err && revocable_is_live(&chr->live)) {
		pool_in(&chr->pool, data, len);
		/*
		 * Keep the request going while another delivery fits; not
		 * after an empty one, or a device that fills nothing would
		 * be asked again from its own interrupt, forever.
		 */
		if (len && pool_avail(&chr->pool) >= len)
			more = KCELL_RNG_MORE;
	}
	spin_unlock_irqrestore(&chr->pool_lock, flags);
	return more;
}

/*
 * The delivery is over and the request back in the SimpleRng: readers wake
 * for the bytes, or for an error to retry the request.
 */
static void chr_delivered(struct kcell_rng_client *client)
{
	struct kcell_rng_chr *chr =
		container_of(client, struct kcell_rng_chr, as_client);
	unsigned long flags;

	spin_lock_irqsave(&chr->pool_lock, flags);
	chr->deliveries++;
	spin_unlock_irqrestore(&chr->pool_lock, flags);
	wake_up_interruptible_all(&chr->wait);
}

/* Bytes in the pool, or -ENODEV once removal has begun. */
static int chr_pool_state(struct kcell_rng_chr *chr)
{
	unsigned long flags;
	int n;

	if (!revocable_is_live(&chr->live))
		return -ENODEV;
	spin_lock_irqsave(&chr->pool_lock, flags);
	n = pool_len(&chr->pool);
	spin_unlock_irqrestore(&chr->pool_lock, flags);
	return n;
}

/* Deliveries so far: a waiter wakes when this moves. */
static unsigned long chr_deliveries(struct kcell_rng_chr *chr)
{
	unsigned long flags, n;

	spin_lock_irqsave(&chr->pool_lock, flags);
	n = chr->deliveries;
	spin_unlock_irqrestore(&chr->pool_lock, flags);
	return n;
}

/* Whether a pool holding @n bytes (chr_pool_state()) wants more. */
static bool chr_pool_low(int n)
{
	return n >= 0 && n < KCELL_RNG_POOL_LOW;
}

/* Asks for more bytes when the pool runs low; -ENODEV once removed. */
static int chr_refill(struct kcell_rng_chr *chr)
{
	int n = chr_pool_state(chr), err = -ENODEV;

	if (!chr_pool_low(n))
		return min(n, 0);
	/* The source stays until the borrow ends. */
	revocable_borrow(&chr->live) {
		err = kcell_rng_simple_get(&chr->simple);
	}
	/* One request in flight already: the bytes are coming. */
	return err == -EBUSY ? 0 : err;
}

/* Up to @len bytes from the pool into @bounce; 0 if empty. */
static unsigned int chr_pool_out(struct kcell_rng_chr *chr,
				 secret_byte *bounce, unsigned int len)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&chr->pool_lock, flags);
	n = pool_out(&chr->pool, bounce, len);
	spin_unlock_irqrestore(&chr->pool_lock, flags);
	return n;
}

/*
 * The read path of both interfaces: fills @to completely, blocking for
 * deliveries unless !@wait.  Return: bytes copied; or, with none copied,
 * -EAGAIN (not waiting), -ERESTARTSYS (signal), -ENODEV (removed), -EFAULT
 * (bad user buffer), or the source's error.
 */
static ssize_t chr_read_iter(struct kcell_rng_chr *chr, struct iov_iter *to,
			     bool wait)
{
	DECLARE_SECRET_BYTES(bounce, KCELL_RNG_CHUNK);
	secret_byte *chunk = secret_bytes(&bounce);
	unsigned long seen;
	size_t done = 0;
	unsigned int n;
	int err = 0;

	while (iov_iter_count(to)) {
		n = chr_pool_out(chr, chunk, min_t(size_t, iov_iter_count(to),
						   secret_size(&bounce)));
		if (n) {
			/* The one place the bytes leave their label. */
			if (declassify_to_iter(chunk, n, to) != n) {
				err = -EFAULT;
				break;
			}
			done += n;
			cond_resched();
			continue;
		}
		/* Noted first, so that a delivery after the refill counts. */
		seen = chr_deliveries(chr);
		err = chr_refill(chr);
		if (err)
			break;
		if (!wait) {
			err = -EAGAIN;
			break;
		}
		/* Bytes, removal, or a failed request to retry. */
		if (wait_event_interruptible(chr->wait,
					     chr_pool_state(chr) != 0 ||
					     chr_deliveries(chr) != seen)) {
			err = -ERESTARTSYS;
			break;
		}
	}
	secret_wipe(chunk, secret_size(&bounce));
	/* Keep the pool topped up for the next reader (unless removed). */
	chr_refill(chr);
	return done ? done : err;
}

/**
 * kcell_rng_chr_pull() - read random bytes into a kernel buffer
 * @chr: the device
 * @buf: where to put them
 * @len: how many
 * @wait: block until @len bytes came (interruptibly)
 *
 * Return: bytes read, or a negative error as for read(2).
 */
ssize_t kcell_rng_chr_pull(struct kcell_rng_chr *chr, u8 *buf, size_t len,
			   bool wait)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter to;

	iov_iter_kvec(&to, READ, &kv, 1, len);
	return chr_read_iter(chr, &to, wait);
}

static struct kcell_rng_chr *chr_of_file(struct file *file)
{
	return container_of(file->private_data, struct kcell_rng_chr, misc);
}

/*
 * Layers created and not yet freed: 0 once every device is gone and every
 * file of theirs closed (debugfs kcell_rng/held_chrs, for the tests).
 */
static atomic_t chr_held = ATOMIC_INIT(0);

static void chr_free(struct kref *ref)
{
	/* The pool held random bytes: erased before the memory is reused. */
	kfree_sensitive(container_of(ref, struct kcell_rng_chr, ref));
	atomic_dec(&chr_held);
}

static int chr_open(struct inode *inode, struct file *file)
{
	/* misc_open() holds misc_mtx: removal cannot be half done here. */
	kref_get(&chr_of_file(file)->ref);
	return 0;
}

static int chr_release(struct inode *inode, struct file *file)
{
	kref_put(&chr_of_file(file)->ref, chr_free);
	return 0;
}

static ssize_t chr_fop_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct kcell_rng_chr *chr = chr_of_file(iocb->ki_filp);

	return chr_read_iter(chr, to, !(iocb->ki_filp->f_flags & O_NONBLOCK));
}

static __poll_t chr_poll(struct file *file, poll_table *wait)
{
	struct kcell_rng_chr *chr = chr_of_file(file);
	int n;

	poll_wait(file, &chr->wait, wait);
	n = chr_pool_state(chr);
	if (n < 0)
		return EPOLLERR | EPOLLHUP;
	if (n > 0)
		return EPOLLIN | EPOLLRDNORM;
	/*
	 * Empty: make sure bytes are on their way, then report not ready; or
	 * ready, if they cannot come, so that read() reports why.
	 */
	if (chr_refill(chr))
		return EPOLLIN | EPOLLRDNORM;
	return 0;
}

static const struct file_operations chr_fops = {
	.owner = THIS_MODULE,
	.open = chr_open,
	.release = chr_release,
	.read_iter = chr_fop_read_iter,
	.poll = chr_poll,
	.llseek = noop_llseek,
};

static int chr_hwrng_read(struct hwrng *rng, void *data, size_t max,
			  bool wait)
{
	struct kcell_rng_chr *chr = container_of(rng, struct kcell_rng_chr,
						 hwrng);
	ssize_t n = kcell_rng_chr_pull(chr, data, max, wait);

	/* hw_random wants bytes or an error; "none yet" is 0 bytes. */
	return n == -EAGAIN ? 0 : n;
}

/**
 * kcell_rng_chr_create() - the system-call layer of one device
 * @src: its hardware layer
 * @parent: the device, for the character device's sysfs parent (or NULL)
 * @index: 0 for /dev/kcell_rng, N for /dev/kcell_rngN
 *
 * Return: the layer, not yet visible (see kcell_rng_chr_register()), or an
 * ERR_PTR().
 */
struct kcell_rng_chr *kcell_rng_chr_create(struct kcell_rng_source *src,
					   struct device *parent, int index)
{
	struct kcell_rng_chr *chr = kzalloc(sizeof(*chr), GFP_KERNEL);

	if (!chr)
		return ERR_PTR(-ENOMEM);
	atomic_inc(&chr_held);
	chr->as_client.randomness_available = chr_randomness_available;
	chr->as_client.delivered = chr_delivered;
	kcell_rng_simple_init(&chr->simple, src, &chr->as_client);
	spin_lock_init(&chr->pool_lock);
	revocable_init(&chr->live);
	init_waitqueue_head(&chr->wait);
	kref_init(&chr->ref);

	if (index)
		snprintf(chr->misc_name, sizeof(chr->misc_name),
			 "kcell_rng%d", index);
	else
		strscpy(chr->misc_name, "kcell_rng", sizeof(chr->misc_name));
	snprintf(chr->hwrng_name, sizeof(chr->hwrng_name), "kcell_rng.%d",
		 index);
	chr->misc = (struct miscdevice) {
		.minor = MISC_DYNAMIC_MINOR,
		.name = chr->misc_name,
		.fops = &chr_fops,
		.parent = parent,
		/*
		 * Root's, as /dev/hwrng is: the pool also feeds hw_random,
		 * and a reader anyone can start could drain it.
		 */
		.mode = 0600,
	};
	chr->hwrng = (struct hwrng) {
		.name = chr->hwrng_name,
		.read = chr_hwrng_read,
	};
	return chr;
}

/**
 * kcell_rng_chr_register() - make the device visible to user space
 * @chr: the layer
 *
 * Registers /dev/kcell_rng[N] and the hw_random source.
 *
 * Return: 0 or the first error (nothing stays registered then).
 */
int kcell_rng_chr_register(struct kcell_rng_chr *chr)
{
	int err = misc_register(&chr->misc);

	if (err)
		return err;
	chr->misc_registered = true;
	err = hwrng_register(&chr->hwrng);
	if (err) {
		misc_deregister(&chr->misc);
		chr->misc_registered = false;
		return err;
	}
	chr->hwrng_registered = true;
	return 0;
}

/**
 * kcell_rng_chr_remove() - the device is going away
 * @chr: the layer
 *
 * Wakes every blocked reader with -ENODEV, waits for the calls into the
 * source in flight and stops all later ones, and unregisters.  Open files
 * keep the structure until closed.
 */
void kcell_rng_chr_remove(struct kcell_rng_chr *chr)
{
	revocable_revoke_start(&chr->live);
	wake_up_interruptible_all(&chr->wait);
	revocable_revoke_wait(&chr->live);

	if (chr->hwrng_registered)
		hwrng_unregister(&chr->hwrng);
	if (chr->misc_registered)
		misc_deregister(&chr->misc);
	kcell_rng_simple_cancel(&chr->simple);
}

/**
 * kcell_rng_chr_put() - drop the driver's reference
 * @chr: the layer, removed and with its source stopped
 */
void kcell_rng_chr_put(struct kcell_rng_chr *chr)
{
	kref_put(&chr->ref, chr_free);
}

/**
 * kcell_rng_chr_held() - system-call layers not yet freed
 *
 * A removed device's layer lives on while a file of it is open.
 *
 * Return: layers created by kcell_rng_chr_create() and not yet freed.
 */
int kcell_rng_chr_held(void)
{
	return atomic_read(&chr_held);
}
