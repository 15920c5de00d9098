/** The job queue's one queue: the scheduler's runs (every minute, and when kicked). Its own module so that the health check can name it without loading pg-boss. */
export const SCHEDULER_QUEUE = "candor-scheduler";
