/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_CELL_NET_DEVICE_H
#define LPWA_RADIO_CELL_NET_DEVICE_H

#include "network-preset.h"
#include "radio-net-device.h"
#include "radio-technology.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

class RadioUeNetDevice;
class RadioScheduler;
class RandomAccessChannel;

/**
 * \brief The network side of one cell (eNB) of the radio access model, as a NetDevice on the
 *        gateway node: it serves every device (RadioUeNetDevice) of the cell.
 *
 * Downlink: IPv4 hands each packet to Send() with the broadcast address (NeedsArp() is
 * false); the cell reads the destination from the IPv4 header and finds the device in a hash
 * map (O(1)). What happens next depends on the device's state: CONNECTED, the packet is
 * queued for the downlink; IDLE, it is held and the device is paged at its next paging
 * occasion (DRX / eDRX with paging time window); CONNECTING or PSM, it is held until the
 * device connects; DETACHED or ATTACHING, it is dropped. At most `DownlinkBufferSize`
 * packets are held per device.
 *
 * Shared capacity: one uplink and one downlink resource, each sending one transport block at a
 * time (RadioTechnology::GetBlockAirtime(): repetitions included) for the device its
 * RadioScheduler picks (`Scheduler` attribute, round robin by default). A half-duplex device
 * is not served in one direction while a block of it is in flight in the other. Events exist
 * only while something is queued.
 *
 * Connected-mode MAC (RadioTechnology::MacTiming): every block waits for its device's next
 * search-space occasion, its DCI and the scheduling gap; a downlink transfer first waits the
 * eNB's scheduling delay. A first transmission fails with the class's block error rate and is
 * sent again after its HARQ feedback (downlink: the HARQ-ACK gap and the ACK). With one HARQ
 * process the next block waits for the feedback of the one before; with more it follows at
 * once. Uplink data of a device that has sent nothing in this instant needs a grant first: a
 * scheduling request at its next SR opportunity (LTE-M, Cat.1), or a random access through
 * the shared RandomAccessChannel followed by Msg3 with the buffer status report (NB-IoT
 * Rel-13/14, which has no scheduling request). A random access that fails after every
 * attempt is a radio link failure: the device's queued packets are dropped and it goes IDLE.
 *
 * Random access: a RandomAccessChannel with contention (GetRandomAccessChannel()).
 *
 * SetAvailable(false) takes the cell down: every device loses service (see
 * RadioUeNetDevice), queues are dropped; SetAvailable(true) brings it back.
 */
class RadioCellNetDevice : public RadioNetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RadioCellNetDevice();
    ~RadioCellNetDevice() override;

    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;

    /**
     * \brief Add a device to the cell (it is told its index with RadioUeNetDevice::SetCell).
     * \param device the device
     * \return its index in the cell
     */
    uint32_t AddDevice(Ptr<RadioUeNetDevice> device);
    /**
     * \brief Route downlink packets for an IPv4 address to a device.
     * \param address the device's address
     * \param index the device's index in the cell
     */
    void MapAddress(Ipv4Address address, uint32_t index);
    /// \brief \return the number of devices
    uint32_t GetDeviceCount() const;
    /**
     * \brief Get a device.
     * \param index its index in the cell
     * \return the device
     */
    Ptr<RadioUeNetDevice> GetDevice(uint32_t index) const;

    /**
     * \brief Take the cell down (every device loses service) or bring it back up.
     * \param available true for up
     */
    void SetAvailable(bool available);
    /// \brief \return true while the cell is up
    bool IsAvailable() const;

    /// \brief \return the technology (`Technology` attribute, with `NetworkPreset` applied)
    const RadioTechnology& GetTechnology() const;
    /// \brief \return the network preset (`NetworkPreset` attribute)
    const NetworkPreset& GetNetworkPreset() const;
    /// \brief \return the random-access channel
    Ptr<RandomAccessChannel> GetRandomAccessChannel() const;
    /**
     * \brief Get a scheduler.
     * \param uplink true for the uplink one
     * \return the scheduler
     */
    Ptr<RadioScheduler> GetScheduler(bool uplink) const;
    /**
     * \brief Total time a resource carried blocks.
     * \param uplink true for the uplink
     * \return the busy time so far
     */
    Time GetBusyTime(bool uplink) const;
    /// \brief \return HARQ retransmissions so far (blocks lost to the block error rate)
    uint64_t GetHarqRetransmissions() const;

    /**
     * \brief Use fixed random streams.
     * \param stream the first stream index
     * \return the number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// \name Used by RadioUeNetDevice
    /// \{
    /**
     * \brief Start a random access for a device; the result goes to
     *        RadioUeNetDevice::NotifyRandomAccessResult().
     * \param index the device
     * \param level the coverage class to start in
     */
    void RequestAccess(uint32_t index, uint32_t level);
    /**
     * \brief Queue an uplink IP packet of a connected device.
     * \param index the device
     * \param packet the packet
     * \param protocol its protocol number
     */
    void EnqueueUplinkData(uint32_t index, Ptr<Packet> packet, uint16_t protocol);
    /**
     * \brief Queue an RRC/NAS signalling message; RadioUeNetDevice::NotifySignallingDone()
     *        is called when it has been carried.
     * \param index the device
     * \param uplink direction
     * \param bytes its size
     */
    void EnqueueSignalling(uint32_t index, bool uplink, uint32_t bytes);
    /**
     * \brief The device is connected: held downlink packets are queued.
     * \param index the device
     */
    void NotifyConnected(uint32_t index);
    /**
     * \brief The device is idle: held downlink packets make it paged.
     * \param index the device
     */
    void NotifyIdle(uint32_t index);
    /**
     * \brief Forget everything queued or held for a device (detach).
     * \param index the device
     */
    void CancelDevice(uint32_t index);
    /**
     * \brief Get whether a device has transfers queued or held.
     * \param index the device
     * \return true if so
     */
    bool HasPending(uint32_t index) const;
    /// \}

    /// TracedCallback signature: device index, uplink, bytes, repetitions, delay from
    /// queueing to the last block, signalling (true) or IP packet.
    typedef void (*TransmissionTracedCallback)(uint32_t device,
                                               bool uplink,
                                               uint32_t bytes,
                                               uint32_t repetitions,
                                               Time delay,
                                               bool signalling);
    /// TracedCallback signature: the dropped packet and why.
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, std::string reason);

  protected:
    void DoDispose() override;
    void DoInitialize() override;

  private:
    /// A transfer queued in one direction.
    struct Transfer
    {
        Ptr<Packet> packet; //!< the IP packet, null for signalling
        uint16_t protocol;  //!< protocol number
        uint32_t bytes;     //!< size
        uint32_t remaining; //!< bytes not yet carried
        Time enqueued;      //!< when queued
        bool mac{false};    //!< MAC control only (Msg3 with the BSR): nobody is told
    };

    /// How a device is asking for an uplink grant.
    enum class GrantRequest : uint8_t
    {
        NONE,               //!< not asking
        SCHEDULING_REQUEST, //!< waiting for its SR and the grant
        RANDOM_ACCESS       //!< in a random access for the grant (NB-IoT Rel-13/14)
    };

    /// Per-device state, kept small.
    struct Context
    {
        Ptr<RadioUeNetDevice> device;                     //!< the device
        std::list<Transfer> queue[2];                     //!< [0] downlink, [1] uplink
        bool armed[2]{false, false};                      //!< next block on its way to the air
        bool busy[2]{false, false};                       //!< block in flight
        GrantRequest grantRequest{GrantRequest::NONE};    //!< uplink grant being asked for
        Time lastUplinkBlock{Time::Max()};                //!< end of the last uplink block
        std::list<std::pair<Ptr<Packet>, uint16_t>> held; //!< downlink waiting for a connection
        EventId paging;                                   //!< pending paging
        uint32_t generation{0};                           //!< bumped on CancelDevice
    };

    /// One direction's shared resource.
    struct Resource
    {
        Ptr<RadioScheduler> scheduler; //!< who is next
        bool busy{false};              //!< a block is in flight
        Time busyTime;                 //!< accumulated airtime
    };

    void SetTechnologyName(const std::string& name);
    std::string GetTechnologyName() const;
    void SetNetworkPresetName(const std::string& name);
    std::string GetNetworkPresetName() const;
    void Configure();
    void Enqueue(uint32_t index, bool uplink, Transfer t);
    void Arm(uint32_t index, bool uplink, Time delay);
    void BlockReady(uint32_t index, bool uplink, uint32_t generation);
    void RequestUplinkGrant(uint32_t index);
    void UplinkGrant(uint32_t index, uint32_t generation);
    void MacRandomAccessResult(uint32_t index, bool success, uint32_t level);
    void Kick(bool uplink);
    void BlockDone(uint32_t index, bool uplink, uint32_t generation, uint32_t bytes, Time airtime);
    void Complete(uint32_t index, bool uplink, const Transfer& t);
    void Hold(uint32_t index, Ptr<Packet> packet, uint16_t protocol);
    void SchedulePaging(uint32_t index);
    void Page(uint32_t index);
    void RandomAccessResult(uint32_t index, bool success, uint32_t level);
    Context& Get(uint32_t index, const char* what);

    RadioTechnology m_technology;                       //!< the technology with the preset
    std::string m_technologyName;                       //!< Technology attribute
    const NetworkPreset* m_preset;                      //!< NetworkPreset attribute
    ObjectFactory m_schedulerFactory;                   //!< Scheduler attribute
    uint32_t m_downlinkBuffer{16};                      //!< DownlinkBufferSize attribute
    bool m_available{true};                             //!< cell up
    std::vector<Context> m_contexts;                    //!< per device
    std::unordered_map<uint32_t, uint32_t> m_addresses; //!< IPv4 -> device index
    Resource m_resources[2];                            //!< [0] downlink, [1] uplink
    Ptr<RandomAccessChannel> m_rach;                    //!< random access
    Ptr<UniformRandomVariable> m_harqRng;               //!< block error draws
    uint64_t m_harqRetransmissions{0};                  //!< blocks sent again
    TracedCallback<uint32_t, bool, uint32_t, uint32_t, Time, bool> m_txTrace; //!< Transmission
    TracedCallback<Ptr<const Packet>, std::string> m_dropTrace;               //!< Drop
    TracedCallback<bool> m_availabilityTrace;                                 //!< Availability
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_CELL_NET_DEVICE_H
