/* fault.h: test-only fault injection: the N-th allocation (or write) of one module fails; off unless a test arms it. */
#ifndef CAFE_FAULT_H
#define CAFE_FAULT_H

/* The places that can drop an order or an event when they fail. */
enum cafe_fault_site {
	CAFE_FAULT_BUS,			/* growing the event queue */
	CAFE_FAULT_ALOOP,		/* the loop's inbox and its tasks */
	CAFE_FAULT_HELPERS,		/* the helper threads' job and result queues */
	CAFE_FAULT_ORDERQ,		/* the baristas' order queue */
	CAFE_FAULT_PROCPOOL,		/* the process pool's job queue */
	CAFE_FAULT_PROCPOOL_WRITE,	/* writing a job to a worker process */
	CAFE_FAULT_SITES
};

/* From now on the nth check at site (1-based) fails, once; 0 disarms. */
void	 cafe_fault_arm(enum cafe_fault_site, long nth);
/* Whether this allocation or write at site is to fail; any thread; one load when disarmed. */
int	 cafe_fault_hit(enum cafe_fault_site);

#endif
