/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_NETWORK_PRESET_H
#define LPWA_NETWORK_PRESET_H

#include "radio-technology.h"

#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief A network's configuration as data: what an operator's eNBs and core choose, applied
 *        on top of a RadioTechnology (the 3GPP procedures and the device category).
 *
 * Per technology family (NB-IoT, LTE-M, LTE): RRC setup and resume processing, MME
 * processing per NAS message, the eNB scheduler's delay from a request to the first DCI, the
 * RRC inactivity timer, and per coverage class the PRACH period, the search-space period and
 * the block error rate of first transmissions. A cell picks its preset with the
 * `NetworkPreset` attribute of RadioCellNetDevice; the console, the PTY program and the storm
 * take `--network=<name>`. Every value and its source: doc/lpwa-modem.rst, "Network presets".
 */
class NetworkPreset
{
  public:
    /// One coverage class's cell configuration.
    struct ClassConfig
    {
        Time prachPeriod;       //!< (N)PRACH period
        Time searchSpacePeriod; //!< search-space period, Rmax x G
        double bler;            //!< first-transmission block error rate
    };

    /// One technology family's configuration.
    struct FamilyConfig
    {
        Time rrcSetup;                    //!< RRC setup processing (eNB and MME round trips)
        Time rrcResume;                   //!< RRC resume processing
        Time coreProcessing;              //!< MME processing per NAS message
        Time enbSchedulingDelay;          //!< request (SR, BSR, downlink packet) to first DCI
        Time inactivityTimer;             //!< RRC inactivity release timer
        std::vector<ClassConfig> classes; //!< per coverage class, ascending
    };

    /// \brief \return the preset names, the default first
    static std::vector<std::string> GetNames();
    /// \brief \return the default preset's name (a live-network preset)
    static std::string GetDefaultName();
    /**
     * \brief Look a preset up.
     * \param name its name
     * \return the preset, or nullptr when there is no such name
     */
    static const NetworkPreset* Find(const std::string& name);
    /**
     * \brief Look a preset up, or stop the simulation naming what was asked for.
     * \param name its name
     * \param what who asked (attribute or option name), for the error message
     * \return the preset
     */
    static const NetworkPreset& Get(const std::string& name, const std::string& what);
    /**
     * \brief Check a preset name given on a command line.
     * \param option the option's name, e.g. "--network"
     * \param name the value given
     * \param error set to "<option>: "<name>" is not a network preset (<names>)" when unknown
     * \return true when the preset exists
     */
    static bool CheckName(const std::string& option, const std::string& name, std::string& error);

    /// \brief \return the name
    const std::string& GetName() const;
    /// \brief \return where its values come from (one line)
    const std::string& GetSource() const;
    /**
     * \brief The configuration this preset gives a technology.
     * \param technology the technology (its name picks the family)
     * \return the family configuration
     */
    const FamilyConfig& GetFamily(const RadioTechnology& technology) const;
    /**
     * \brief Apply the preset to a technology: processing times, scheduler delay, per-class
     *        PRACH and search-space periods and block error rates.
     * \param technology the technology to change
     */
    void Apply(RadioTechnology& technology) const;
    /**
     * \brief The network's RRC inactivity timer for a technology.
     * \param technology the technology
     * \return the timer
     */
    Time GetInactivityTimer(const RadioTechnology& technology) const;

  private:
    std::string m_name;   //!< name
    std::string m_source; //!< source, one line
    FamilyConfig m_nb;    //!< NB-IoT (Cat-NB1, Cat-NB2)
    FamilyConfig m_m1;    //!< LTE-M (Cat-M1, both duplex modes)
    FamilyConfig m_lte;   //!< LTE Cat.1

    /// \brief \return every preset
    static const std::vector<NetworkPreset>& All();
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_NETWORK_PRESET_H
