/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_FAULT_SCHEDULE_H
#define LPWA_FAULT_SCHEDULE_H

#include "ns3/error-model.h"
#include "ns3/event-id.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

class RadioCellNetDevice;

/**
 * \brief Network faults scheduled in simulated time, for scenarios and the console: cell
 *        outages, link outages (e.g. the backhaul between gateway and server), per-link
 *        packet loss and extra link delay.
 *
 * A link is named by one of its net devices; the fault applies to every device on that
 * device's channel (both ends of a point-to-point link, every station of a CSMA bus): each
 * gets a receive error model (`ReceiveErrorModel` attribute, which point-to-point and CSMA
 * devices have) owned by this schedule, dropping every packet during an outage and a fraction
 * of them otherwise. Extra delay adds to the channel's `Delay` attribute for the window.
 * Overlapping outages of one link nest (it is up again when the last one ends). A cell
 * outage calls RadioCellNetDevice::SetAvailable(false) then (true).
 *
 * Every change fires `Fault` (what, active). Random loss draws from the error models'
 * streams: AssignStreams() fixes them (also for links added later).
 */
class FaultSchedule : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FaultSchedule();
    ~FaultSchedule() override;

    /**
     * \brief Take a cell down at `start` for `duration`.
     * \param cell the cell (NS_FATAL_ERROR if null)
     * \param start simulated time it goes down (>= now)
     * \param duration how long (> 0)
     */
    void ScheduleCellOutage(Ptr<RadioCellNetDevice> cell, Time start, Time duration);
    /**
     * \brief Cut a link at `start` for `duration`: every packet its devices receive is lost.
     * \param device a device of the link (NS_FATAL_ERROR without a ReceiveErrorModel attribute)
     * \param start simulated time it goes down (>= now)
     * \param duration how long (> 0)
     */
    void ScheduleLinkOutage(Ptr<NetDevice> device, Time start, Time duration);
    /**
     * \brief Cut the backhaul between a gateway and a server node at `start` for `duration`:
     *        the server's first point-to-point link.
     * \param server the server node (e.g. CellularNetworkHelper::GetServer(0))
     * \param start simulated time it goes down (>= now)
     * \param duration how long (> 0)
     */
    void ScheduleBackhaulOutage(Ptr<Node> server, Time start, Time duration);
    /**
     * \brief Lose a fraction of the packets a link's devices receive, from `start` on.
     * \param device a device of the link
     * \param rate packet loss probability in [0, 1]
     * \param start simulated time the loss starts (>= now)
     */
    void ScheduleLinkLoss(Ptr<NetDevice> device, double rate, Time start);
    /**
     * \brief Add delay to a link's channel (`Delay` attribute) at `start` for `duration`.
     * \param device a device of the link (NS_FATAL_ERROR if its channel has no `Delay`)
     * \param extra the added one-way delay (>= 0)
     * \param start simulated time (>= now)
     * \param duration how long (> 0)
     */
    void ScheduleExtraDelay(Ptr<NetDevice> device, Time extra, Time start, Time duration);

    /**
     * \brief Get whether a link is in an outage now.
     * \param device a device of the link
     * \return true while every packet is dropped
     */
    bool IsLinkDown(Ptr<NetDevice> device) const;

    /**
     * \brief Use fixed random streams for the loss draws.
     * \param stream the first stream index
     * \return the number of streams reserved (64: one per link device)
     */
    int64_t AssignStreams(int64_t stream);

    /// TracedCallback signature for `Fault`: what changed and whether it is active now.
    typedef void (*FaultTracedCallback)(std::string what, bool active);

  protected:
    void DoDispose() override;

  private:
    /// The fault state of one receiving device.
    struct Link
    {
        Ptr<RateErrorModel> model; //!< its receive error model
        double lossRate{0};        //!< loss outside outages
        uint32_t outages{0};       //!< outages under way
        int64_t index{0};          //!< order of creation (its stream offset)
    };

    std::vector<Ptr<NetDevice>> Peers(Ptr<NetDevice> device) const;
    Link& GetLink(Ptr<NetDevice> device);
    void Apply(Link& link);
    void SetOutage(std::vector<Ptr<NetDevice>> devices, bool down, std::string what);
    void SetLoss(std::vector<Ptr<NetDevice>> devices, double rate);
    void AddDelay(Ptr<Channel> channel, Time extra, std::string what);
    void SetCell(Ptr<RadioCellNetDevice> cell, bool available);
    static void CheckWindow(const std::string& method, Time start, Time duration);

    std::map<Ptr<NetDevice>, Link> m_links;    //!< devices with an error model
    std::vector<EventId> m_events;             //!< scheduled changes
    int64_t m_stream{-1};                      //!< first stream, -1 if not fixed
    TracedCallback<std::string, bool> m_trace; //!< Fault
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_FAULT_SCHEDULE_H
