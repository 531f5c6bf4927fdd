/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_COMPUTE_RESOURCE_H
#define LPWA_COMPUTE_RESOURCE_H

#include "ns3/callback.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A set of identical processor cores that run jobs first come, first served.
 *
 * A job is an amount of simulated work (e.g. CryptoCostModel::GetCost() of a handshake
 * flight). It starts as soon as a core is free and no earlier job waits, and finishes `work`
 * later, when its callback runs. Order is the submission order, so runs are deterministic.
 * A module's MCU is a 1-core resource (two handshakes on one module serialise); a TLS server's
 * CPU is an N-core resource (a reconnection storm queues).
 */
class ComputeResource : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ComputeResource();
    ~ComputeResource() override;

    /**
     * \brief Submit a job.
     * \param work the core time it needs (>= 0; negative is a fatal error)
     * \param done called when the job finishes (may be null)
     */
    void Submit(Time work, Callback<void> done);

    /**
     * \brief Get the total core time spent on jobs so far, including the elapsed part of
     * running jobs.
     * \return busy core-seconds up to now
     */
    Time GetBusyTime() const;

    /**
     * \brief Get the number of jobs waiting for a core (not counting running ones).
     * \return the queue length
     */
    uint32_t GetQueueLength() const;

    /**
     * \brief Get the number of jobs running now.
     * \return the number of busy cores
     */
    uint32_t GetRunningJobs() const;

    /**
     * \brief Get the fraction of core capacity used between a past instant and now.
     * \param since the start of the window (must be <= now; later is a fatal error)
     * \return busy core time in [since, now] / (Cores * (now - since)); 0 if the window is empty
     */
    double GetUtilisation(Time since) const;

    /**
     * \brief TracedCallback signature for JobStart.
     * \param queueWait the time the job waited for a core
     */
    typedef void (*JobStartTracedCallback)(Time queueWait);

    /**
     * \brief TracedCallback signature for JobEnd.
     * \param work the core time the job used
     */
    typedef void (*JobEndTracedCallback)(Time work);

  protected:
    void DoDispose() override;

  private:
    /// A job waiting for a core.
    struct Job
    {
        Time work;           //!< core time needed
        Callback<void> done; //!< completion callback
        Time submitted;      //!< submission time
    };

    /// A busy interval of one core.
    struct Interval
    {
        Time start; //!< job start
        Time end;   //!< job end (may be in the future for running jobs)
    };

    /**
     * \brief Attribute setter for Cores.
     * \param cores the core count
     */
    void SetCores(uint32_t cores);
    /**
     * \brief Attribute getter for Cores.
     * \return the core count
     */
    uint32_t GetCores() const;
    /// Start queued jobs while cores are free.
    void StartJobs();
    /**
     * \brief A job finished.
     * \param work its core time
     * \param done its callback
     */
    void Finish(Time work, Callback<void> done);

    uint32_t m_cores{1};               //!< core count
    uint32_t m_running{0};             //!< busy cores
    std::deque<Job> m_queue;           //!< jobs waiting, in submission order
    std::vector<Interval> m_intervals; //!< busy intervals of all jobs started

    TracedCallback<Time> m_jobStartTrace; //!< job started: its queue wait
    TracedCallback<Time> m_jobEndTrace;   //!< job ended: its work
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_COMPUTE_RESOURCE_H
