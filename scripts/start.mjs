// `npm start`: sideload into Excel desktop when it is installed, otherwise explain how to use Excel on the web.
// office-addin-debugging only sideloads on Windows and macOS; on Linux it fails with "Platform not supported".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

function excelDesktopInstalled() {
  if (process.platform === 'darwin') return existsSync('/Applications/Microsoft Excel.app');
  if (process.platform === 'win32') {
    const appPath = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\excel.exe';
    if (spawnSync('reg', ['query', appPath], { stdio: 'ignore' }).status === 0) return true;
    const programFiles = [process.env.ProgramFiles, process.env['ProgramFiles(x86)']].filter(Boolean);
    return programFiles.some((dir) => existsSync(join(dir, 'Microsoft Office', 'root', 'Office16', 'EXCEL.EXE')));
  }
  return false;
}

if (excelDesktopInstalled()) {
  // shell on Windows because npx is a .cmd file there.
  const child = spawn('npx', ['office-addin-debugging', 'start', 'manifest.xml'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  console.log(`Excel desktop is not installed on this machine (${process.platform}), so npm start cannot sideload the add-in here.

To try the add-in in Excel on the web:
  1. Trust the development certificate (once):  npx office-addin-dev-certs install
  2. Start the dev server:                       npm run dev-server   (serves https://localhost:3000)
  3. Open a workbook in Excel on the web, then Home > Add-ins > More Add-ins > My Add-ins >
     Upload My Add-in, and choose manifest.xml from this folder.
The add-in then shows as Home > Billing.`);
}
