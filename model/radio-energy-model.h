/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_ENERGY_MODEL_H
#define LPWA_RADIO_ENERGY_MODEL_H

#include "radio-energy-profile.h"
#include "radio-ue-net-device.h"
#include "state-transition-table.h"

#include "ns3/device-energy-model.h"
#include "ns3/energy-source.h"
#include "ns3/nstime.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief An ns-3 DeviceEnergyModel for a RadioUeNetDevice: follows the device's NAS/RRC
 *        state, its random accesses and its transport blocks on the air, and draws the
 *        current of a RadioEnergyProfile from an ns-3 EnergySource.
 *
 * States (GetTransitionTable()): OFF (detached), SEARCH (cell search on attach,
 * resynchronisation after PSM), RANDOM_ACCESS, CONNECTED (RRC signalling and the inactivity
 * tail, not on the air), TX and RX (a block of this device on the air; TX wins when both
 * directions are busy), IDLE (average DRX or eDRX current, paging wake-ups included), PSM and
 * DEPLETED. When the source is depleted the model detaches the device and draws nothing
 * (DEPLETED) until the source is recharged.
 *
 * Energy is accounted per state (GetEnergyPerState()); GetTotalEnergyConsumption() is exact
 * at any instant, so the energy of a handshake or a message is the difference of two reads.
 */
class RadioEnergyModel : public DeviceEnergyModel
{
  public:
    /// Energy state.
    enum State
    {
        OFF = 0,           //!< detached, radio off
        SEARCH = 1,        //!< cell search or resynchronisation
        RANDOM_ACCESS = 2, //!< preambles and random-access response window
        CONNECTED = 3,     //!< RRC connected, not on the air
        TX = 4,            //!< an uplink block on the air
        RX = 5,            //!< a downlink block on the air
        IDLE = 6,          //!< RRC idle, DRX / eDRX
        PSM = 7,           //!< power saving mode
        DEPLETED = 8,      //!< the energy source is empty
        STATE_COUNT        //!< number of states
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    RadioEnergyModel();
    ~RadioEnergyModel() override;

    /**
     * \brief Set the energy source (called by RadioEnergyHelper).
     * \param source the source
     */
    void SetEnergySource(Ptr<EnergySource> source) override;
    /**
     * \brief Follow a device: connects to its traces and takes its state.
     * \param device the device (NS_FATAL_ERROR if null)
     */
    void SetDevice(Ptr<RadioUeNetDevice> device);
    /// \brief \return the device
    Ptr<RadioUeNetDevice> GetDevice() const;
    /**
     * \brief Set the current profile (overrides the `Profile` attribute).
     * \param profile the profile
     */
    void SetProfile(const RadioEnergyProfile& profile);
    /// \brief \return the current profile
    const RadioEnergyProfile& GetProfile() const;

    /// \brief \return energy consumed up to now, J
    double GetTotalEnergyConsumption() const override;
    /// \brief \return energy consumed up to now in each State, J (sums to the total)
    std::vector<double> GetEnergyPerState() const;
    /// \brief \return time spent up to now in each State
    std::vector<Time> GetTimePerState() const;
    /// \brief \return the state
    State GetState() const;
    /// \brief \return true once the source ran out (until it is recharged)
    bool IsDepleted() const;

    /**
     * \brief Change state through the DeviceEnergyModel interface (calls SwitchToState()).
     * \param newState a State
     */
    void ChangeState(int newState) override;
    /**
     * \brief Account the energy of the state being left, then move to another state.
     *        Fires `StateTransition`; NS_FATAL_ERROR if the table does not allow it.
     * \param next the next state
     */
    void SwitchToState(State next);
    /**
     * \brief The name of a state.
     * \param state the state
     * \return its name
     */
    static std::string GetStateName(State state);
    /// \brief \return the transition table (also a Boost.Graph graph)
    static const StateTransitionTable<State>& GetTransitionTable();

    /// \brief The source is empty: detach the device, draw nothing.
    void HandleEnergyDepletion() override;
    /// \brief The source is recharged: follow the device again (it stays detached).
    void HandleEnergyRecharged() override;
    /// \brief The source's energy changed: nothing to do.
    void HandleEnergyChanged() override;

    /// TracedCallback signature for state transitions.
    typedef void (*StateTransitionTracedCallback)(State from, State to);

  protected:
    void DoDispose() override;

  private:
    double DoGetCurrentA() const override;
    double CurrentOf(State state) const;
    void Account();
    void DeviceStateChanged(RadioUeNetDevice::State from, RadioUeNetDevice::State to);
    void RandomAccessChanged(bool started);
    void Airtime(bool uplink, Time airtime);
    void AirtimeEnd();
    void FollowAirtime();
    void Deplete();
    State StateOf(RadioUeNetDevice::State device) const;
    void UpdateIdleCurrent();

    Ptr<EnergySource> m_source;                //!< energy source
    Ptr<RadioUeNetDevice> m_device;            //!< the device
    RadioEnergyProfile m_profile;              //!< currents
    std::string m_profileName;                 //!< Profile attribute
    bool m_profileSet{false};                  //!< SetProfile() was called
    State m_state{OFF};                        //!< state
    double m_idleCurrent{0};                   //!< average idle current, A
    Time m_lastUpdate;                         //!< last accounting
    Time m_busyUntil[2];                       //!< [0] DL, [1] UL on the air
    bool m_depleted{false};                    //!< source empty
    std::vector<double> m_energy;              //!< per state, J
    std::vector<Time> m_time;                  //!< per state
    TracedValue<double> m_totalEnergy;         //!< TotalEnergyConsumption
    TracedCallback<State, State> m_stateTrace; //!< StateTransition
    TracedCallback<> m_depletedTrace;          //!< EnergyDepleted
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_ENERGY_MODEL_H
