/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_TECHNOLOGY_H
#define LPWA_RADIO_TECHNOLOGY_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The parameters of one radio access technology (Cat-NB1, Cat-NB2, Cat-M1 half- or
 *        full-duplex, LTE Cat.1) as plain data: rates, repetitions per coverage class,
 *        scheduling delays, random access and RRC timings.
 *
 * A coverage class (NB-IoT ECL 0..2, LTE-M CE level 0..3, one class for Cat.1) is chosen by
 * the device's maximum coupling loss (MCL): the first class whose GetMaxMcl() is >= the MCL.
 * Airtime of a transfer: its bytes are cut into transport blocks of at most the class's TBS;
 * a full block takes the block duration times the repetitions, a partial block its share of
 * it (at least 1 ms times the repetitions). Every default is cited in doc/lpwa-modem.rst,
 * section "Radio access model".
 */
class RadioTechnology
{
  public:
    /// Duplex mode of the device's radio.
    enum Duplex
    {
        HALF_DUPLEX, //!< HD-FDD: a device never sends and receives at the same time
        FULL_DUPLEX  //!< FD-FDD
    };

    /// The parameters of one coverage class.
    struct CoverageClass
    {
        std::string name;       //!< e.g. "ECL0", "CE1 (mode A)"
        double maxMcl;          //!< highest MCL served by this class, dB
        uint32_t ulRepetitions; //!< uplink data repetitions (NPUSCH / PUSCH)
        uint32_t dlRepetitions; //!< downlink data repetitions (NPDSCH / PDSCH)
        uint32_t ulTbsBytes;    //!< uplink transport block size, bytes
        uint32_t dlTbsBytes;    //!< downlink transport block size, bytes
        Time ulTbDuration;      //!< time one full uplink block occupies the cell, 1 repetition
        Time dlTbDuration;      //!< time one full downlink block occupies the cell, 1 rep.
        Time prachPeriod;       //!< period of the random-access opportunities
        uint32_t preambles;     //!< preambles (NB-IoT: subcarriers) per opportunity
        Time preambleDuration;  //!< preamble with its repetitions
        Time raResponseDelay;   //!< end of preamble to the random access response
        uint32_t maxRaAttempts; //!< preamble attempts before moving to the next class
        Time maxBackoff;        //!< backoff indicator: uniform backoff in [0, maxBackoff]
        Time syncTime;          //!< re-synchronisation to the cell after PSM
        Time cellSearchTime;    //!< cell search, system information, PLMN selection on attach
        // Connected-mode MAC (TS 36.211 / 36.213), set by SetMacTiming():
        Time searchSpacePeriod;    //!< (N/M)PDCCH UE search-space period, Rmax x G subframes
        Time dciDuration;          //!< one DCI with its repetitions (<= Rmax subframes)
        Time ackDuration;          //!< downlink HARQ-ACK with its repetitions
        Time srDuration;           //!< scheduling request with its repetitions (PUCCH)
        double bler{0};            //!< block error rate of a first transmission (HARQ retransmits)
        uint32_t harqProcesses{1}; //!< HARQ processes per direction (CE mode B: 2)
    };

    /// How a connected device without an uplink grant asks for one.
    enum UplinkAccess
    {
        RANDOM_ACCESS,     //!< NB-IoT Rel-13/14: no scheduling request, random access again
        SCHEDULING_REQUEST //!< LTE-M, LTE, NB-IoT Rel-15: PUCCH SR every SrPeriod
    };

    /// The connected-mode MAC parameters of a technology (3GPP constants and cell choices).
    struct MacTiming
    {
        Time ulSchedulingGap; //!< end of an uplink DCI to the start of its PUSCH
        Time dlSchedulingGap; //!< end of a downlink DCI to the start of its PDSCH
        Time harqAckGap;      //!< end of a PDSCH to the start of its HARQ-ACK
        Time ulDecodeTime;    //!< end of a PUSCH until the eNB can schedule the next one
        UplinkAccess uplinkAccess{RANDOM_ACCESS}; //!< how a grant is asked for
        Time srPeriod;                            //!< SR opportunity period (SCHEDULING_REQUEST)
        Time enbSchedulingDelay; //!< eNB scheduler: request (SR, BSR, packet) to first DCI
    };

    /**
     * \brief Get a technology by name.
     * \param name "Cat-NB1", "Cat-NB2", "Cat-M1" (HD-FDD), "Cat-M1-FD" or "Cat-1"
     * \param known set to false when the name is unknown (the result is then Cat-NB1)
     * \return the technology
     */
    static RadioTechnology FromName(const std::string& name, bool* known);
    /// \brief \return the names FromName() accepts
    static std::vector<std::string> GetNames();

    /// \brief \return Cat-NB1 (Rel-13 NB-IoT)
    static RadioTechnology CatNb1();
    /// \brief \return Cat-NB2 (Rel-14 NB-IoT, larger transport blocks)
    static RadioTechnology CatNb2();
    /**
     * \brief Cat-M1 (Rel-13 LTE-M, 1.4 MHz), CE modes A and B.
     * \param duplex HALF_DUPLEX (most modules, e.g. BG95) or FULL_DUPLEX
     * \return the technology
     */
    static RadioTechnology CatM1(Duplex duplex);
    /// \brief \return LTE Cat.1 (OneMO 4G modules): no coverage enhancement, full duplex
    static RadioTechnology Cat1();

    /// \brief \return the name
    const std::string& GetName() const;
    /**
     * \brief The TS 27.007 <AcT> of the technology (+CEREG, +COPS).
     * \return 9 E-UTRAN NB-S1 (Cat-NB1/NB2), 8 E-UTRAN eMTC (Cat-M1), 7 E-UTRAN (Cat-1)
     */
    uint32_t GetAccessTechnology() const;
    /// \brief \return the duplex mode
    Duplex GetDuplex() const;
    /// \brief \return true for half-duplex
    bool IsHalfDuplex() const;
    /// \brief \return the number of coverage classes
    uint32_t GetCoverageClassCount() const;
    /**
     * \brief Get a coverage class.
     * \param level 0 .. GetCoverageClassCount()-1 (NS_FATAL_ERROR otherwise)
     * \return its parameters
     */
    const CoverageClass& GetCoverageClass(uint32_t level) const;
    /**
     * \brief The coverage class that serves an MCL.
     * \param mcl maximum coupling loss, dB
     * \return the level, or GetCoverageClassCount() when the MCL is beyond coverage
     */
    uint32_t GetCoverageClassForMcl(double mcl) const;
    /**
     * \brief Time a transfer occupies the cell.
     * \param level the coverage class
     * \param uplink true for uplink
     * \param bytes the bytes carried (one block's worth or less)
     * \return the airtime with repetitions
     */
    Time GetBlockAirtime(uint32_t level, bool uplink, uint32_t bytes) const;
    /// \brief \return the RRC setup processing time (network and device, without airtime)
    Time GetRrcSetupTime() const;
    /// \brief \return the RRC resume processing time (without airtime)
    Time GetRrcResumeTime() const;
    /// \brief \return the core network (MME) processing time per NAS message
    Time GetCoreProcessingTime() const;
    /// \brief \return true if the RRC connection can be suspended and resumed
    bool SupportsResume() const;
    /// \brief \return the default (idle-mode) DRX cycle
    Time GetDefaultDrxCycle() const;
    /// \brief \return the eDRX paging time window granularity (LTE-M 1.28 s, NB-IoT 2.56 s)
    Time GetPtwStep() const;
    /// \brief \return the connected-mode MAC timing
    const MacTiming& GetMacTiming() const;
    /**
     * \brief Time from a device becoming eligible for a transport block to the block's start
     *        on the air: the next search-space occasion (aligned to time 0), the DCI and the
     *        scheduling gap of the direction.
     * \param level the coverage class
     * \param uplink true for uplink
     * \param now the current time
     * \return the delay from now
     */
    Time GetBlockStartDelay(uint32_t level, bool uplink, Time now) const;
    /**
     * \brief Time from the end of a transport block until its HARQ outcome is known to the
     *        scheduler: downlink HARQ-ACK gap plus the ACK; uplink the eNB's decoding.
     * \param level the coverage class
     * \param uplink true for uplink
     * \return the feedback delay
     */
    Time GetHarqFeedbackDelay(uint32_t level, bool uplink) const;
    /// \brief \return whether a connected device needs random access for an uplink grant
    bool NeedsRandomAccessForGrant() const;
    /**
     * \brief Overwrite RRC and core processing times (network presets).
     * \param setup RRC setup processing
     * \param resume RRC resume processing
     * \param core MME processing per NAS message
     */
    void SetProcessingTimes(Time setup, Time resume, Time core);
    /**
     * \brief Overwrite a class's cell configuration (network presets).
     * \param level the coverage class
     * \param prachPeriod the PRACH period
     * \param searchSpacePeriod the search-space period (Rmax x G)
     * \param bler the block error rate of first transmissions
     */
    void SetClassConfiguration(uint32_t level,
                               Time prachPeriod,
                               Time searchSpacePeriod,
                               double bler);
    /// \brief Overwrite the eNB scheduler delay. \param delay the delay
    void SetEnbSchedulingDelay(Time delay);
    /**
     * \brief Time from now to the next opportunity of a period aligned to time 0 (now itself
     *        when it is one).
     * \param now the current time
     * \param period the period (> 0)
     * \param offset the opportunity's offset inside the period
     * \return the delay
     */
    static Time UntilNext(Time now, Time period, Time offset = Time());

  private:
    std::string m_name;                   //!< name
    Duplex m_duplex{HALF_DUPLEX};         //!< duplex
    std::vector<CoverageClass> m_classes; //!< coverage classes, ascending MCL
    Time m_rrcSetup;                      //!< RRC setup processing
    Time m_rrcResume;                     //!< RRC resume processing
    Time m_coreProcessing;                //!< MME processing per NAS message
    bool m_resume{true};                  //!< suspend/resume supported
    Time m_drxCycle;                      //!< default DRX cycle
    Time m_ptwStep;                       //!< PTW granularity
    MacTiming m_mac;                      //!< connected-mode MAC
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_TECHNOLOGY_H
