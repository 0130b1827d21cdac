import QRCode from "qrcode";

/**
 * The return's reference as a QR code, drawn as SVG on the server: error correction M (survives a
 * scratched phone screen), a four-module quiet zone, black on white whatever the theme's colours.
 */
export async function returnCodeSvg(reference: string): Promise<string> {
  return QRCode.toString(reference, { type: "svg", errorCorrectionLevel: "M", margin: 4, color: { dark: "#000000", light: "#ffffff" } });
}
