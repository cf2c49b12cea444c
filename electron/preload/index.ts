import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './api';

// The whole preload: the page gets `window.livehook` = { call, onPush } and never ipcRenderer itself.
contextBridge.exposeInMainWorld('livehook', buildPreloadApi(ipcRenderer));
