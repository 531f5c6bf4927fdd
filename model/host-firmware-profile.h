/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HOST_FIRMWARE_PROFILE_H
#define LPWA_HOST_FIRMWARE_PROFILE_H

#include "ns3/nstime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief The constants of one real host driver that HostFirmware reproduces: its AT dialect,
 * the IDs it uses and how long it waits for each answer. The values and their sources are in
 * /work/shared/real-clients.md (the client's own waits) and doc/lpwa-modem.rst ("Host
 * firmware model"); values marked "assumption" there are not in the drivers' text.
 */
struct HostFirmwareProfile
{
    /// The drivers modelled.
    enum Driver
    {
        TINYGSM,         //!< TinyGSM BG96 client (src/TinyGsmClientBG96.h)
        ZEPHYR_BG9X,     //!< Moran296/bg9x_ssl_zephyr (zephyr/bg9x_ssl.c)
        ESP_ML307,       //!< 78/esp-ml307 (ml307_ssl.cc)
        RT_THREAD_ML307, //!< RT-Thread at_device class/ml307
    };

    /**
     * \brief Get the profile of a driver.
     * \param driver the driver
     * \return its constants
     */
    static const HostFirmwareProfile& Get(Driver driver);

    /**
     * \brief Get every driver's name, in enum order.
     * \return "tinygsm", "zephyr-bg9x", "esp-ml307", "rt-thread-ml307"
     */
    static std::vector<std::string> GetNames();

    Driver driver{TINYGSM};        //!< the driver
    std::string name;              //!< the driver's name (the `Driver` attribute value)
    bool oneMo{false};             //!< OneMO AT+MIP* dialect (else Quectel AT+QSSL*)
    uint32_t connectId{0};         //!< the socket / client ID it opens
    uint32_t sslContext{0};        //!< the SSL context (Quectel) or SSL ID (OneMO) it configures
    uint32_t openContext{0};       //!< the SSL context AT+QSSLOPEN names (TinyGSM: 1, sic)
    Time commandTimeout;           //!< wait for a short command's final result
    Time pdpTimeout;               //!< wait for AT+QIACT / the +MIPCALL result
    Time openTimeout;              //!< wait for +QSSLOPEN / +MIPOPEN after the command's OK
    Time sendTimeout;              //!< wait for '>' and for SEND OK / +MIPSEND
    Time closeTimeout;             //!< wait for AT+QSSLCLOSE / AT+MIPCLOSE
    Time pollInterval;             //!< receive polling period (0: the driver reads on URCs)
    Time sendPromptDelay;          //!< 0: wait for '>'; else write the payload this long after
    uint32_t maxChunk{1460};       //!< largest payload of one send command
    bool hexData{false};           //!< payload hex-encoded inside the command / URC line
    bool echoOff{false};           //!< the driver sends ATE0 at bring-up
    bool getErrorOnFailure{false}; //!< AT+QIGETERROR after a failed or timed-out open
    bool resolveFirst{false};      //!< resolves the host itself and opens by IP address
    uint32_t immediateRetries{0};  //!< open retries right after a failure, before backoff
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HOST_FIRMWARE_PROFILE_H
