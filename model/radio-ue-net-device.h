/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_UE_NET_DEVICE_H
#define LPWA_RADIO_UE_NET_DEVICE_H

#include "radio-net-device.h"
#include "state-transition-table.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <utility>

namespace ns3
{
namespace lpwa
{

class RadioCellNetDevice;

/**
 * \brief The device (UE) side of the radio access model: the NetDevice on a module's node,
 *        with the NAS and RRC state of the device.
 *
 * States (GetTransitionTable()): DETACHED -> ATTACHING (cell search, random access, RRC setup
 * and the NAS attach exchange) -> CONNECTED; CONNECTED -> IDLE when no packet moved for the
 * inactivity timer (`InactivityTimer`, or `RaiReleaseDelay` with `ReleaseAssistance`);
 * IDLE -> PSM when T3324 expires (`PsmEnabled`); IDLE or PSM -> CONNECTING (random access and
 * RRC resume, or setup) on uplink data, paging (IDLE only) or the periodic TAU (T3412), then
 * CONNECTED. Leaving PSM first re-synchronises to the cell. Every state can go back to
 * DETACHED (Detach(), service lost). A random access that fails after the last coverage
 * class fails the attach (-> DETACHED) or the connection (-> IDLE, held uplink packets
 * dropped).
 *
 * Uplink IP packets sent while IDLE, PSM or CONNECTING are held (`TxQueueSize`) and leave
 * once connected; while DETACHED or ATTACHING they are dropped. Downlink packets for an idle
 * device wait at the cell for its next paging occasion (GetNextPagingOccasion()).
 *
 * Hooks for the AT layer, energy and faults: the `StateTransition`, `AttachCompleted`,
 * `AttachFailed`, `ConnectionEstablished`, `ConnectionFailed`, `ServiceLost`,
 * `ServiceRegained` and `Drop` trace sources; Attach() and Detach(). When its cell goes down
 * the device loses service (-> DETACHED, `ServiceLost`); when the cell comes back, with
 * `AutoReattach`, it attaches again after a uniform delay in [0, `ReattachDelay`] and fires
 * `ServiceRegained` once attached.
 */
class RadioUeNetDevice : public RadioNetDevice
{
  public:
    /// NAS / RRC state.
    enum State
    {
        DETACHED = 0,   //!< not registered (power on, detached, no service)
        ATTACHING = 1,  //!< cell search, random access, RRC setup, NAS attach
        IDLE = 2,       //!< registered, RRC idle (DRX / eDRX), reachable by paging
        PSM = 3,        //!< registered, power saving mode: unreachable
        CONNECTING = 4, //!< random access and RRC setup or resume
        CONNECTED = 5,  //!< RRC connected
        STATE_COUNT     //!< number of states
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RadioUeNetDevice();
    ~RadioUeNetDevice() override;

    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;

    /**
     * \brief Register with the network: DETACHED -> ATTACHING. Does nothing in other states.
     *        NS_FATAL_ERROR if the device has no cell.
     */
    void Attach();
    /// \brief Deregister: any state -> DETACHED; held packets are dropped.
    void Detach();
    /**
     * \brief Run a UE-requested ESM exchange (PDN connectivity: request, default bearer
     *        activation, accept) in connected mode, for the AT layer's PDP activation. From
     *        IDLE or PSM the device connects first. `done(true)` once the accept is carried;
     *        `done(false)` at once when not registered, or later when the connection fails or
     *        the device detaches. A second request replaces a waiting one (which gets false).
     * \param done called once with the result
     */
    void RequestSessionSignalling(std::function<void(bool)> done);

    /// \brief \return the state
    State GetState() const;
    /// \brief \return true when registered (IDLE, PSM, CONNECTING, CONNECTED)
    bool IsRegistered() const;
    /// \brief \return the coverage class of the configured MCL or `CoverageClass`
    uint32_t GetCoverageClass() const;
    /**
     * \brief The coupling loss the device sees: `Mcl`, or with a forced `CoverageClass` that
     *        `Mcl` does not fall in, the middle of that class's range (class 0: 10 dB below
     *        its upper edge).
     * \return dB
     */
    double GetCouplingLoss() const;
    /**
     * \brief The eDRX cycle of a TS 24.008 Table 10.5.5.32 value (E-UTRAN, WB-S1).
     * \param value 0-15
     * \return the cycle (5.12 s for 0 ... 10485.76 s for 15)
     */
    static Time GetEdrxCycleOfValue(uint8_t value);
    /// \brief \return the coverage class in use (higher after random-access escalation)
    uint32_t GetCurrentCoverageClass() const;
    /// \brief \return the duration of the last successful attach
    Time GetLastAttachDuration() const;
    /// \brief \return the cell (null before RadioCellNetDevice::AddDevice)
    Ptr<RadioCellNetDevice> GetCell() const;
    /**
     * \brief The first paging occasion at or after a time, from the DRX cycle, and with eDRX
     *        the paging time window.
     * \param now the time
     * \return the paging occasion
     */
    Time GetNextPagingOccasion(Time now) const;

    /**
     * \brief Use fixed random streams.
     * \param stream the first stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief Move to another state. Fires `StateTransition`.
     * \param next the next state; NS_FATAL_ERROR if the table does not allow it
     */
    void SwitchToState(State next);
    /**
     * \brief The name of a state, for traces and graphs.
     * \param state the state
     * \return its name
     */
    static std::string GetStateName(State state);
    /// \brief \return the transition table (also a Boost.Graph graph)
    static const StateTransitionTable<State>& GetTransitionTable();

    /// \name Used by RadioCellNetDevice
    /// \{
    /**
     * \brief Set the cell and this device's index in it.
     * \param cell the cell
     * \param index the index
     */
    void SetCell(Ptr<RadioCellNetDevice> cell, uint32_t index);
    /**
     * \brief The random access finished.
     * \param success true if a preamble got through
     * \param level the coverage class it ended in
     */
    void NotifyRandomAccessResult(bool success, uint32_t level);
    /**
     * \brief A connected-mode random access for an uplink grant (NB-IoT Rel-13/14) started or
     *        ended (fires `RandomAccess`).
     * \param started true at the start
     * \param level the coverage class it is (or ended) in
     */
    void NotifyMacRandomAccess(bool started, uint32_t level);
    /// \brief Random access failed in CONNECTED: radio link failure, the device goes IDLE.
    void NotifyRadioLinkFailure();
    /**
     * \brief A signalling message of the running procedure was carried.
     * \param uplink its direction
     */
    void NotifySignallingDone(bool uplink);
    /// \brief A packet moved: restarts the inactivity timer.
    void NotifyActivity();
    /// \brief The cell pages the device (it is IDLE and downlink data waits).
    void NotifyPaged();
    /**
     * \brief A transport block of this device starts on the air (fires `Airtime`).
     * \param uplink its direction
     * \param airtime how long it occupies the radio, repetitions included
     */
    void NotifyAirtime(bool uplink, Time airtime);
    /// \brief The cell went down.
    void NotifyServiceLost();
    /// \brief The cell came back up.
    void NotifyServiceRestored();
    /**
     * \brief A downlink packet arrived.
     * \param packet the packet
     * \param protocol its protocol number
     */
    void ReceiveDownlink(Ptr<Packet> packet, uint16_t protocol);
    /// \}

    /// TracedCallback signature for state transitions.
    typedef void (*StateTransitionTracedCallback)(State from, State to);
    /// TracedCallback signature for `Airtime`: direction and duration of one block.
    typedef void (*AirtimeTracedCallback)(bool uplink, Time airtime);
    /// TracedCallback signature for `RandomAccess`: true when it starts, false when it ends.
    typedef void (*RandomAccessTracedCallback)(bool started);

  protected:
    void DoDispose() override;

  private:
    /// A signalling procedure.
    enum Procedure
    {
        NO_PROCEDURE, //!< none running
        ATTACH,       //!< RRC setup + NAS attach
        SETUP,        //!< RRC setup + NAS service request
        RESUME,       //!< RRC resume
        TAU,          //!< NAS tracking area update after the connection procedure
        ESM           //!< UE-requested PDN connectivity in connected mode
    };

    void StartAccess();
    void StartConnection(bool fromPsm);
    void RunStep();
    void ProcedureDone();
    void EnterConnected();
    void CheckInactivity();
    void Release();
    void EnterPsm();
    void ReleaseAfterTau();
    void PeriodicTau();
    void FailAttach();
    void DropHeld(const std::string& reason);
    void CancelTimers();
    void StartSessionIfPending();
    void FinishSession(bool success);
    Time InactivityTail() const;
    void SetEdrxCycle(Time cycle);
    Time GetEdrxCycle() const;

    Ptr<RadioCellNetDevice> m_cell;                             //!< cell
    uint32_t m_index{0};                                        //!< index in the cell
    State m_state{DETACHED};                                    //!< state
    double m_mcl{140};                                          //!< Mcl attribute
    int32_t m_coverageAttr{-1};                                 //!< CoverageClass attribute
    uint32_t m_level{0};                                        //!< coverage class in use
    Procedure m_procedure{NO_PROCEDURE};                        //!< running procedure
    uint32_t m_step{0};                                         //!< step of the procedure
    bool m_tauPending{false};                                   //!< TAU after the connection
    Time m_tauDone{Time::Min()};                                //!< a TAU-only connection's TAU end
    bool m_resumable{false};                                    //!< an RRC context is suspended
    bool m_lostService{false};                                  //!< detached by a cell outage
    Time m_procedureStart;                                      //!< attach / connection start
    Time m_lastAttach;                                          //!< last attach duration
    Time m_lastActivity;                                        //!< last packet
    EventId m_event;                                            //!< procedure timing event
    EventId m_inactivity;                                       //!< inactivity timer
    EventId m_t3324;                                            //!< active timer
    EventId m_t3412;                                            //!< periodic TAU timer
    std::list<std::pair<Ptr<Packet>, uint16_t>> m_held;         //!< uplink waiting for a connection
    Ptr<UniformRandomVariable> m_rng;                           //!< paging phases, reattach delay
    double m_drxPhase{-1};                                      //!< paging occasion phase in [0,1)
    double m_edrxPhase{0};                                      //!< eDRX window phase in [0,1)
    Time m_inactivityTimer;                                     //!< InactivityTimer attribute
    bool m_rai{false};                                          //!< ReleaseAssistance attribute
    Time m_raiDelay;                                            //!< RaiReleaseDelay attribute
    bool m_psm{false};                                          //!< PsmEnabled attribute
    Time m_t3324Value;                                          //!< T3324 attribute
    Time m_t3412Value;                                          //!< T3412 attribute
    Time m_drxCycle;                                            //!< DrxCycle attribute (0: default)
    Time m_edrxCycle;                                           //!< EdrxCycle attribute (0: off)
    Time m_ptw;                                                 //!< PagingTimeWindow attribute
    uint32_t m_txQueueSize{32};                                 //!< TxQueueSize attribute
    bool m_autoReattach{true};                                  //!< AutoReattach attribute
    Time m_reattachDelay;                                       //!< ReattachDelay attribute
    std::function<void(bool)> m_sessionDone;                    //!< RequestSessionSignalling
    TracedCallback<State, State> m_stateTrace;                  //!< StateTransition
    TracedCallback<Time> m_attachTrace;                         //!< AttachCompleted
    TracedCallback<> m_attachFailedTrace;                       //!< AttachFailed
    TracedCallback<Time> m_connectTrace;                        //!< ConnectionEstablished
    TracedCallback<> m_connectFailedTrace;                      //!< ConnectionFailed
    TracedCallback<> m_lostTrace;                               //!< ServiceLost
    TracedCallback<> m_regainedTrace;                           //!< ServiceRegained
    TracedCallback<Ptr<const Packet>, std::string> m_dropTrace; //!< Drop
    TracedCallback<bool> m_randomAccessTrace;                   //!< RandomAccess
    TracedCallback<bool, Time> m_airtimeTrace;                  //!< Airtime
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_UE_NET_DEVICE_H
