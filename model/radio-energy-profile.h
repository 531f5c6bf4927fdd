/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_ENERGY_PROFILE_H
#define LPWA_RADIO_ENERGY_PROFILE_H

#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The current draw of a cellular module's radio in each energy state, as plain data:
 *        the figures a RadioEnergyModel draws from its energy source.
 *
 * Idle mode is described by a sleep floor plus a charge per paging-occasion wake-up, so the
 * average idle current follows the device's DRX or eDRX configuration (GetIdleCurrent()).
 * Every default is cited in doc/lpwa-modem.rst, "Radio access model", subsection "Energy".
 */
class RadioEnergyProfile
{
  public:
    /**
     * \brief Get a profile by name.
     * \param name one of GetNames(): "nRF9160-Cat-NB1", "nRF9160-Cat-M1"
     * \param known set to false when the name is unknown (the result is then nRF9160-Cat-NB1)
     * \return the profile
     */
    static RadioEnergyProfile FromName(const std::string& name, bool* known);
    /// \brief \return the names FromName() accepts
    static std::vector<std::string> GetNames();
    /**
     * \brief The default profile of a radio technology.
     * \param technology a RadioTechnology name ("Cat-NB1", "Cat-NB2", "Cat-M1", "Cat-M1-FD",
     *        "Cat-1"); NB-IoT gets nRF9160-Cat-NB1, the others nRF9160-Cat-M1
     * \return the profile
     */
    static RadioEnergyProfile ForTechnology(const std::string& technology);
    /// \brief \return nRF9160 figures for Cat-NB1 (product specification, Røstad 2020)
    static RadioEnergyProfile Nrf9160CatNb1();
    /// \brief \return nRF9160 figures for Cat-M1 (product specification, boaks measurements)
    static RadioEnergyProfile Nrf9160CatM1();

    /// \brief \return the name
    const std::string& GetName() const;
    /// \brief \return current while detached (radio off), A
    double GetOffCurrent() const;
    /// \brief \return current in power saving mode, A
    double GetPsmCurrent() const;
    /// \brief \return idle-mode sleep floor between paging occasions, A
    double GetIdleFloorCurrent() const;
    /// \brief \return charge of one paging-occasion wake-up above the floor, C
    double GetPagingOccasionCharge() const;
    /// \brief \return current during cell search and resynchronisation after PSM, A
    double GetSearchCurrent() const;
    /// \brief \return average current during a random access (preambles and RAR window), A
    double GetRandomAccessCurrent() const;
    /// \brief \return current while RRC connected and not on the air (inactivity tail), A
    double GetConnectedCurrent() const;
    /// \brief \return current while an uplink block is on the air, A
    double GetTxCurrent() const;
    /// \brief \return current while a downlink block is on the air, A
    double GetRxCurrent() const;

    /**
     * \brief The average idle current for a DRX / eDRX configuration: the floor plus one
     *        paging-occasion charge per paging occasion.
     * \param drx the DRX cycle (> 0)
     * \param edrx the eDRX cycle, 0 when eDRX is off
     * \param ptw the paging time window (with eDRX: ceil(ptw / drx) occasions per eDRX cycle)
     * \return the average current, A
     */
    double GetIdleCurrent(Time drx, Time edrx, Time ptw) const;

    /**
     * \brief Set every current. NS_FATAL_ERROR on a negative value.
     * \param off detached, A
     * \param psm PSM, A
     * \param idleFloor idle sleep floor, A
     * \param pagingCharge charge per paging occasion, C
     * \param search cell search / resynchronisation, A
     * \param randomAccess random access, A
     * \param connected connected, not on the air, A
     * \param tx uplink on the air, A
     * \param rx downlink on the air, A
     */
    void SetCurrents(double off,
                     double psm,
                     double idleFloor,
                     double pagingCharge,
                     double search,
                     double randomAccess,
                     double connected,
                     double tx,
                     double rx);
    /**
     * \brief Set the name.
     * \param name the name
     */
    void SetName(const std::string& name);

  private:
    std::string m_name{"nRF9160-Cat-NB1"}; //!< name
    double m_off{0};                       //!< detached current, A
    double m_psm{0};                       //!< PSM current, A
    double m_idleFloor{0};                 //!< idle floor, A
    double m_pagingCharge{0};              //!< charge per paging occasion, C
    double m_search{0};                    //!< search current, A
    double m_randomAccess{0};              //!< random-access current, A
    double m_connected{0};                 //!< connected current, A
    double m_tx{0};                        //!< TX current, A
    double m_rx{0};                        //!< RX current, A
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_ENERGY_PROFILE_H
